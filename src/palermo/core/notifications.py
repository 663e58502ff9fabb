"""In-app notifications to agencies, with an optional e-mail to the agency's address.

An app registers the kinds of notification it sends, each with a message template that names
only non-identifying parameters::

    REFERRAL_SENT = register_kind(
        "referral.sent",
        _("Referral %(reference)s needs your answer by %(due)s."),
        subject=_("A referral needs your answer"),
    )

and notifies inside its service's transaction::

    notify(agency=to_agency, kind=REFERRAL_SENT, params={"reference": ..., "due": "2026-03-05"},
           link=reverse(...), obj=referral)

The row is written in the caller's transaction (it disappears if the service rolls back); the
e-mail is sent only after the transaction commits. The text is rendered when it is read, in the
reader's language. Nothing here writes an audit event: the service that notifies does, and
marking as read goes through :func:`do_mark_read` / :func:`do_mark_all_read`, which do.

Identity data (names, dates of birth, narratives, contacts) never goes into ``params``: everyone
in the agency reads its notifications, and e-mail is not a safe channel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from palermo.core.access import get_or_404
from palermo.core.audit import record
from palermo.core.models import Notification

if TYPE_CHECKING:
    from palermo.accounts.actor import Actor
    from palermo.accounts.models import Agency

logger = logging.getLogger(__name__)

ParamValue = str | int | bool | None


@dataclass(frozen=True)
class NotificationKind:
    code: str
    message: Promise | str  # a gettext_lazy template with %(name)s placeholders
    subject: Promise | str | None = None  # the e-mail subject; the message when None

    def render(self, params: Mapping[str, Any]) -> str:
        try:
            return str(self.message) % dict(params)
        except (KeyError, TypeError, ValueError):
            # A template changed since the row was written: show the template, not an error page.
            return str(self.message)


_KINDS: dict[str, NotificationKind] = {}


def register_kind(
    code: str, message: Promise | str, *, subject: Promise | str | None = None
) -> NotificationKind:
    """Declares a kind of notification (idempotent: modules may be imported twice)."""
    kind = NotificationKind(code=code, message=message, subject=subject)
    _KINDS[code] = kind
    return kind


def get_kind(code: str) -> NotificationKind | None:
    return _KINDS.get(code)


def render(notification: Notification) -> str:
    """The notification's text in the active language."""
    kind = get_kind(notification.kind)
    if kind is None:
        return _("Notification (%(kind)s)") % {"kind": notification.kind}
    return kind.render(notification.params or {})


def _check_params(params: Mapping[str, ParamValue]) -> dict[str, ParamValue]:
    for key, value in params.items():
        if not isinstance(key, str) or not (value is None or isinstance(value, str | int | bool)):
            raise TypeError(
                f"notification parameter {key!r} must be a string, number, boolean or None"
            )
    return dict(params)


def site_url(path: str) -> str:
    """An absolute link for e-mails: ``settings.PALERMO_SITE_URL`` (if set) + ``path``."""
    base = str(getattr(settings, "PALERMO_SITE_URL", "") or "").rstrip("/")
    return f"{base}{path}" if path.startswith("/") else path


def _send_email(
    address: str, kind: NotificationKind, params: dict[str, ParamValue], link: str
) -> None:
    # E-mails go out in the site's default language: an agency has no language of its own.
    with translation.override(settings.LANGUAGE_CODE):
        text = kind.render(params)
        subject = "[Palermo] " + (
            text
            if kind.subject is None
            else NotificationKind(kind.code, kind.subject).render(params)
        )
        lines = [text]
        if link:
            lines += ["", _("Open it in Palermo: %(url)s") % {"url": site_url(link)}]
        lines += [
            "",
            _(
                "This message names no person on purpose. Log in to Palermo to see what you "
                "may see."
            ),
        ]
    try:
        send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [address])
    except Exception:  # a mail server outage must not break the page that caused the e-mail
        logger.exception("could not send the %s notification e-mail", kind.code)


def notify(
    *,
    agency: Agency,
    kind: NotificationKind,
    params: Mapping[str, ParamValue],
    link: str = "",
    obj: models.Model | None = None,
    email: bool = True,
) -> Notification:
    """Writes a notification for ``agency`` in the current transaction; e-mails it on commit."""
    clean = _check_params(params)
    notification = Notification.objects.create(
        recipient_agency=agency,
        kind=kind.code,
        params=clean,
        link=link,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
    )
    address = (agency.email or "").strip()
    if email and address:
        transaction.on_commit(lambda: _send_email(address, kind, clean, link))
    return notification


# --- reading ----------------------------------------------------------------------------------


def notifications_for(actor: Actor) -> QuerySet[Notification]:
    """The notifications of the actor's agency: the scoped queryset every list starts from."""
    if actor.agency is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_agency=actor.agency)


def access_notification(actor: Actor, notification_id: object) -> Notification:
    """The notification, or Http404 — for "does not exist" and "another agency's" alike."""
    return get_or_404(notifications_for(actor), pk=notification_id)


def unread_count(actor: Actor | None) -> int:
    if actor is None or actor.agency is None:
        return 0
    return notifications_for(actor).filter(read_at__isnull=True).count()


def unread_notifications(request: HttpRequest) -> dict[str, Callable[[], int]]:
    """Context processor: ``{{ unread_notifications }}`` in templates (counted only when used)."""
    actor = getattr(request, "actor", None)
    return {"unread_notifications": lambda: unread_count(actor)}


# --- changes ----------------------------------------------------------------------------------


@transaction.atomic
def do_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    """Marks one of the agency's notifications read (for everyone in the agency)."""
    locked = access_notification(actor, notification.pk)
    locked = Notification.objects.select_for_update().get(pk=locked.pk)
    if locked.read_at is None:
        locked.read_at = timezone.now()
        locked.read_by = actor.user
        locked.save(update_fields=["read_at", "read_by"])
        record(
            "notification.read",
            actor=actor,
            obj=locked,
            purpose="notifications",
            data={"kind": locked.kind},
        )
    return locked


@transaction.atomic
def do_mark_all_read(*, actor: Actor) -> int:
    """Marks every unread notification of the actor's agency read; returns how many."""
    count = (
        notifications_for(actor)
        .filter(read_at__isnull=True)
        .update(read_at=timezone.now(), read_by=actor.user)
    )
    if count:
        record(
            "notification.all_read",
            actor=actor,
            object_type="core.notification",
            purpose="notifications",
            data={"count": count},
        )
    return count
