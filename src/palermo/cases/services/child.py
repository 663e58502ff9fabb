"""Child victims (seed 004 §13-15, §34): flagging the case of a minor to the child-protection
authority, with the parent's or guardian's involvement (who, when, how informed).

Which authority and on which rules is data of the jurisdiction pack (``child_protection``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.cases.access import can_edit_case
from palermo.cases.models import Case, ChildProtectionNotice
from palermo.cases.services.consent import is_minor_on
from palermo.cases.services.registration import _raise_if
from palermo.cases.vocab import GuardianRole, InformedHow
from palermo.core.audit import record
from palermo.jurisdictions.pack import get_pack
from palermo.jurisdictions.sections_care import ChildProtectionRules

MAX_NAME = 200
MAX_AUTHORITY = 300
MAX_REASON = 5000


@dataclass
class ChildNoticeInput:
    authority_name: str = ""
    notified_on: date | None = None
    notified_how: str = ""
    guardian_role: str = ""
    guardian_name: str = ""
    guardian_informed_on: date | None = None
    guardian_informed_how: str = ""
    guardian_not_informed_reason: str = ""

    def cleaned(self) -> ChildNoticeInput:
        self.authority_name = " ".join((self.authority_name or "").split())
        self.guardian_name = " ".join((self.guardian_name or "").split())
        self.guardian_not_informed_reason = (self.guardian_not_informed_reason or "").strip()
        return self


def child_protection_rules() -> ChildProtectionRules | None:
    return get_pack().child_protection


def concerns_a_child(case: Case, today: date | None = None) -> bool:
    """A minor at identification, or a minor today by the date of birth."""
    return bool(case.is_minor) or bool(is_minor_on(case, today or timezone.localdate()))


def needs_child_protection_notice(case: Case) -> bool:
    """The case of a minor with no notification of the child-protection authority recorded."""
    if child_protection_rules() is None or not concerns_a_child(case):
        return False
    return not case.child_protection_notices.exists()


def validate_child_notice(
    case: Case, data: ChildNoticeInput, *, today: date | None = None
) -> dict[str, list[str]]:
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    def past(name: str, value: date | None, missing: str | None) -> None:
        if value is None:
            if missing:
                add(name, missing)
        elif value > today:
            add(name, _("The date cannot be in the future."))
        elif value < case.identified_on:
            add(name, _("The date cannot be before the person was identified."))

    if not concerns_a_child(case, today):
        add(
            "__all__",
            _(
                "The person is not a minor: the child-protection authority is notified of children only."
            ),
        )
    if not data.authority_name:
        add("authority_name", _("Enter the child-protection authority that was notified."))
    elif len(data.authority_name) > MAX_AUTHORITY:
        add("authority_name", _("This can have at most %(n)d characters.") % {"n": MAX_AUTHORITY})
    past("notified_on", data.notified_on, _("Enter the date the authority was notified."))
    if data.notified_how not in InformedHow.values:
        add("notified_how", _("Choose how the authority was notified."))
    if data.guardian_role not in GuardianRole.values:
        add("guardian_role", _("Choose the parent or guardian, or say that none is known."))
    elif data.guardian_role == GuardianRole.NONE_KNOWN:
        if data.guardian_name or data.guardian_informed_on or data.guardian_informed_how:
            add(
                "guardian_role",
                _(
                    "No parent or guardian is known: leave their name and how they were informed empty."
                ),
            )
    else:
        if not data.guardian_name:
            add("guardian_name", _("Enter the name of the parent or guardian."))
        informed = data.guardian_informed_on is not None or bool(data.guardian_informed_how)
        if informed:
            past(
                "guardian_informed_on",
                data.guardian_informed_on,
                _("Enter the date the guardian was informed."),
            )
            if data.guardian_informed_how not in InformedHow.values:
                add("guardian_informed_how", _("Choose how the guardian was informed."))
        elif not data.guardian_not_informed_reason:
            add(
                "guardian_not_informed_reason",
                _(
                    "Say when and how the guardian was informed, or why they were not "
                    "(e.g. they are suspected of taking part in the trafficking)."
                ),
            )
    if len(data.guardian_name) > MAX_NAME:
        add("guardian_name", _("A name can have at most %(n)d characters.") % {"n": MAX_NAME})
    if len(data.guardian_not_informed_reason) > MAX_REASON:
        add(
            "guardian_not_informed_reason",
            _("This can have at most %(n)d characters.") % {"n": MAX_REASON},
        )
    return errors


@transaction.atomic
def do_record_child_protection_notice(
    *, actor: Actor, case: Case, data: ChildNoticeInput
) -> ChildProtectionNotice:
    """Records that the child-protection authority was notified of the case of a minor, and the
    parent's or guardian's involvement."""
    rules = child_protection_rules()
    agency = actor.agency
    if agency is None or not can_edit_case(actor, case):
        raise ValidationError(_("You cannot record this for this case."))
    if rules is None:
        raise ValidationError(
            _(
                "The jurisdiction pack names no child-protection authority (its 'child_protection' section)."
            )
        )
    data = data.cleaned()
    _raise_if(validate_child_notice(case, data))
    locked = Case.objects.select_for_update().get(pk=case.pk)
    none_known = data.guardian_role == GuardianRole.NONE_KNOWN
    informed = data.guardian_informed_on is not None
    notice = ChildProtectionNotice.objects.create(
        case=locked,
        authority_name=data.authority_name,
        notified_on=cast("date", data.notified_on),
        notified_how=data.notified_how,
        guardian_role=data.guardian_role,
        guardian_name="" if none_known else data.guardian_name,
        guardian_informed_on=None if none_known else data.guardian_informed_on,
        guardian_informed_how="" if none_known or not informed else data.guardian_informed_how,
        guardian_not_informed_reason="" if informed else data.guardian_not_informed_reason,
        legal_basis=rules.legal_basis.citation,
        recorded_by=actor.user,
        recording_agency=agency,
    )
    record(
        "case.child_protection_notified",
        actor=actor,
        obj=locked,
        purpose="child protection",
        data={
            "notice": notice.pk,
            "notified_on": notice.notified_on.isoformat(),
            "notified_how": notice.notified_how,
            "guardian_role": notice.guardian_role,
            "guardian_informed_on": (
                notice.guardian_informed_on.isoformat() if notice.guardian_informed_on else None
            ),
        },
    )
    return notice
