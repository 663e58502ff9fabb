"""Assisted voluntary return (AVR) as IOM runs it (seed 004 §35, §59-60): counselling on the
return option, the decision to return, the assistance given, the departure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from django.db import transaction
from django.utils.translation import gettext as _
from django_countries import countries

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.core.audit import record
from palermo.referrals.access import works_on_case
from palermo.referrals.models import AssistedReturn, AvrCounselling
from palermo.referrals.services._common import ErrorList, check_version, refuse
from palermo.referrals.vocab import AvrStatus

ASSISTANCE_FIELDS = ("travel_documents", "ticket", "escort", "reintegration_grant")

# Which status may follow which. A cancelled return can be taken up again (counselling).
NEXT_STATUS: dict[str, set[str]] = {
    AvrStatus.COUNSELLING: {AvrStatus.COUNSELLING, AvrStatus.APPROVED, AvrStatus.CANCELLED},
    AvrStatus.APPROVED: {
        AvrStatus.APPROVED,
        AvrStatus.COUNSELLING,
        AvrStatus.RETURNED,
        AvrStatus.CANCELLED,
    },
    AvrStatus.RETURNED: {AvrStatus.RETURNED},
    AvrStatus.CANCELLED: {AvrStatus.CANCELLED, AvrStatus.COUNSELLING},
}


def _require_work(actor: Actor, case: Case) -> None:
    if not works_on_case(actor, case):
        raise refuse(
            _(
                "Only the agency that owns the case, or one with an accepted referral for it, "
                "can record an assisted return."
            )
        )


def _country(errors: ErrorList, code: str) -> str:
    code = (code or "").strip().upper()
    if code and code not in dict(countries):
        errors.add(
            "destination_country", _("'%(code)s' is not an ISO 3166 country code.") % {"code": code}
        )
    return code


@transaction.atomic
def do_open_assisted_return(
    *,
    actor: Actor,
    case: Case,
    counselled_on: date | None,
    destination_country: str = "",
    notes: str = "",
) -> AssistedReturn:
    """Starts an assisted return with the first counselling session."""
    _require_work(actor, case)
    assert actor.agency is not None  # noqa: S101
    errors = ErrorList()
    errors.past_date("counselled_on", counselled_on)
    country = _country(errors, destination_country)
    notes = errors.text("notes", notes)
    errors.raise_if_any()
    # Lock the case so that two people cannot both open the case's (one) return.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    if AssistedReturn.objects.filter(case=case).exists():
        raise refuse(_("This case already has an assisted return; update it instead."))
    avr = AssistedReturn.objects.create(
        case=case,
        agency=actor.agency,
        destination_country=country,
        notes=notes,
        created_by=actor.user,
    )
    AvrCounselling.objects.create(
        assisted_return=avr,
        counselled_on=cast(date, counselled_on),  # validated above
        agency=actor.agency,
        recorded_by=actor.user,
    )
    record(
        "assisted_return.opened",
        actor=actor,
        obj=avr,
        purpose="assisted voluntary return",
        data={
            "case": case.reference,
            "status": avr.status,
            "counselled_on": counselled_on.isoformat() if counselled_on else None,
            "destination_country": country,
        },
    )
    return avr


@transaction.atomic
def do_add_avr_counselling(
    *, actor: Actor, assisted_return: AssistedReturn, counselled_on: date | None
) -> AvrCounselling:
    """Records another counselling session."""
    _require_work(actor, assisted_return.case)
    assert actor.agency is not None  # noqa: S101
    errors = ErrorList()
    errors.past_date("counselled_on", counselled_on)
    errors.raise_if_any()
    locked = AssistedReturn.objects.select_for_update().get(pk=assisted_return.pk)
    if locked.status not in (AvrStatus.COUNSELLING, AvrStatus.APPROVED):
        raise refuse(
            _("Counselling is recorded before the return; this return is “%(status)s”.")
            % {"status": AvrStatus(locked.status).label}
        )
    day = cast(date, counselled_on)  # validated above
    if locked.counselling_sessions.filter(counselled_on=day).exists():
        raise refuse(_("A counselling session on this day is already recorded."))
    session = AvrCounselling.objects.create(
        assisted_return=locked,
        counselled_on=day,
        agency=actor.agency,
        recorded_by=actor.user,
    )
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    record(
        "assisted_return.counselled",
        actor=actor,
        obj=locked,
        purpose="assisted voluntary return",
        data={
            "case": assisted_return.case.reference,
            "counselled_on": session.counselled_on.isoformat(),
            "sessions": locked.counselling_sessions.count(),
        },
    )
    return session


@dataclass
class AvrInput:
    status: str = AvrStatus.COUNSELLING
    decided_on: date | None = None
    destination_country: str = ""
    departure_on: date | None = None
    travel_documents: bool = False
    ticket: bool = False
    escort: bool = False
    reintegration_grant: bool = False
    notes: str = ""


def validate_avr(data: AvrInput, current_status: str, errors: ErrorList) -> tuple[str, str]:
    if data.status not in AvrStatus.values:
        errors.add("status", _("Choose the status of the return."))
    elif data.status not in NEXT_STATUS.get(current_status, set()):
        errors.add(
            "status",
            _("A return that is “%(current)s” cannot become “%(new)s”.")
            % {
                "current": AvrStatus(current_status).label,
                "new": AvrStatus(data.status).label,
            },
        )
    country = _country(errors, data.destination_country)
    notes = errors.text("notes", data.notes)
    errors.past_date("decided_on", data.decided_on, required=False)
    if data.status in (AvrStatus.APPROVED, AvrStatus.RETURNED):
        if data.decided_on is None:
            errors.add("decided_on", _("Enter the date of the decision to return."))
        if not country:
            errors.add("destination_country", _("Choose the country of return."))
    if data.status == AvrStatus.RETURNED:
        errors.past_date("departure_on", data.departure_on)
    if data.decided_on and data.departure_on and data.departure_on < data.decided_on:
        errors.add("departure_on", _("The departure cannot come before the decision to return."))
    return country, notes


@transaction.atomic
def do_update_assisted_return(
    *,
    actor: Actor,
    assisted_return: AssistedReturn,
    data: AvrInput,
    expected_version: int | None = None,
) -> AssistedReturn:
    """Records the decision, the assistance given, the departure, or a cancellation."""
    _require_work(actor, assisted_return.case)
    locked = (
        AssistedReturn.objects.select_for_update().select_related("case").get(pk=assisted_return.pk)
    )
    check_version(locked.version, expected_version)
    errors = ErrorList()
    country, notes = validate_avr(data, locked.status, errors)
    errors.raise_if_any()
    new = {
        "status": data.status,
        "decided_on": data.decided_on,
        "destination_country": country,
        "departure_on": data.departure_on,
        "notes": notes,
        **{name: bool(getattr(data, name)) for name in ASSISTANCE_FIELDS},
    }
    changed = [
        name for name, value in new.items() if str(getattr(locked, name) or "") != str(value or "")
    ]
    if not changed:
        return locked
    previous = locked.status
    for name in changed:
        setattr(locked, name, new[name])
    locked.version += 1
    locked.save()
    record(
        "assisted_return.updated",
        actor=actor,
        obj=locked,
        purpose="assisted voluntary return",
        data={
            "case": locked.case.reference,
            "fields": changed,
            "from_status": previous,
            "status": locked.status,
            "destination_country": str(locked.destination_country or ""),
            "departure_on": locked.departure_on.isoformat() if locked.departure_on else None,
            "assistance": locked.assistance,
        },
    )
    return locked
