"""The notifications the referral mechanism sends: every step tells the other side.

Messages name the referral number and agencies only — never the person.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Agency
from palermo.core.notifications import NotificationKind, notify, register_kind
from palermo.referrals.models import Referral

SENT = register_kind(
    "referral.sent",
    _("Referral %(reference)s from %(agency)s needs your answer by %(due)s."),
    subject=_("Referral %(reference)s needs your answer"),
)
ACCEPTED = register_kind(
    "referral.accepted",
    _("Referral %(reference)s was accepted by %(agency)s."),
)
DECLINED = register_kind(
    "referral.declined",
    _("Referral %(reference)s was declined by %(agency)s."),
)
COMPLETED = register_kind(
    "referral.completed",
    _("Referral %(reference)s was completed by %(agency)s."),
)
WITHDRAWN = register_kind(
    "referral.withdrawn",
    _("Referral %(reference)s was withdrawn by %(agency)s."),
)
REVOKED = register_kind(
    "referral.revoked",
    _("Referral %(reference)s was revoked by %(agency)s."),
)


def referral_link(referral: Referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


def notify_referral(
    referral: Referral, kind: NotificationKind, *, to: Agency, by: Agency | None
) -> None:
    """Tells agency ``to`` that agency ``by`` did ``kind`` to the referral (in-app and e-mail)."""
    notify(
        agency=to,
        kind=kind,
        params={
            "reference": referral.reference,
            "agency": by.name if by is not None else "Palermo",
            "due": referral.due_on.isoformat(),
        },
        link=referral_link(referral),
        obj=referral,
    )
