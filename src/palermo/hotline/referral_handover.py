"""Adapter to the referrals app: a hotline call becomes a referral to a counter-trafficking unit.

``palermo.referrals.services`` is imported lazily. The referral asks the CT unit for a service
it offers in the referrals app's service directory (``PREFERRED_SERVICES`` first), shares the
exploitation facts (identity and narrative only travel with the case's recorded consent, which
the referrals app checks), and is urgent.

When the referrals app is absent, or refuses the referral (the CT unit offers no service in the
directory, the actor's role may not refer...), the handover still registers the case: the call
keeps the intended target (``Call.referral_target``) and the reason, so the referral can be made
from the case later. Nothing is lost and the operator is told.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency
from palermo.cases.models import Case

# Services a CT unit would be asked for, in order of preference, when it offers them.
PREFERRED_SERVICES = ("identification", "legal", "protection")


@dataclass(frozen=True)
class ReferralOutcome:
    reference: str | None  # the referral's number, None if no referral was created
    pending_reason: str = ""  # why not (shown to the operator, kept on the call's audit event)


def _referrals() -> ModuleType | None:
    try:
        return importlib.import_module("palermo.referrals.services")
    except ImportError:
        return None


def referrals_available() -> bool:
    return _referrals() is not None


def create_referral(*, actor: Actor, case: Case, to_agency: Agency, note: str) -> ReferralOutcome:
    services: Any = _referrals()
    if services is None:
        return ReferralOutcome(None, _("The referrals module is not installed."))
    offered = set(services.offered_services(to_agency, case.region))
    wanted = [code for code in PREFERRED_SERVICES if code in offered] or sorted(offered)[:1]
    if not wanted:
        return ReferralOutcome(
            None,
            _("%(agency)s lists no service in the service directory.")
            % {"agency": to_agency.display_name},
        )
    data = services.ReferralInput(
        to_agency_id=to_agency.pk,
        services=wanted,
        urgency="urgent",
        details=note,
        share=["exploitation"],
    )
    try:
        with transaction.atomic():  # a refusal rolls back the referral only, not the case
            referral = services.do_send_referral(actor=actor, case=case, data=data)
    except ValidationError as exc:
        return ReferralOutcome(None, " ".join(exc.messages))
    return ReferralOutcome(str(getattr(referral, "reference", None) or referral.pk))
