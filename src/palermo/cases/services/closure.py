"""Closing and reopening a case (HTCDS cas_Status)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.cases.access_parts import can_change_case_status
from palermo.cases.models import Case, CaseStatusChange
from palermo.cases.services.registration import _raise_if
from palermo.cases.vocab import CLOSED_STATUSES, OPEN_STATUSES, ClosureReason
from palermo.core.audit import record
from palermo.core.errors import ConflictError

MAX_NOTE = 20000


@dataclass
class CaseStatusInput:
    status: str = ""  # closing: closed / closed_referred; reopening: active / follow_up
    on: date | None = None
    reason: str = ""  # a ClosureReason, when closing
    note: str = ""

    def cleaned(self) -> CaseStatusInput:
        self.note = (self.note or "").strip()
        return self


def _validate_date_and_note(
    data: CaseStatusInput, add: Callable[[str, str], None], today: date, *, after: date
) -> None:
    if data.on is None:
        add("on", _("Enter the date."))
    elif data.on > today:
        add("on", _("The date cannot be in the future."))
    elif data.on < after:
        add(
            "on",
            _("The date cannot be before %(date)s.")
            % {"date": date_format(after, "SHORT_DATE_FORMAT")},
        )
    if len(data.note) > MAX_NOTE:
        add("note", _("The note can have at most 20,000 characters."))


def validate_close(
    case: Case, data: CaseStatusInput, *, today: date | None = None
) -> dict[str, list[str]]:
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.status not in CLOSED_STATUSES:
        add("status", _("Choose how the case is closed."))
    if data.reason not in ClosureReason.values:
        add("reason", _("Choose why the case is closed."))
    _validate_date_and_note(data, add, today, after=case.identified_on)
    return errors


def validate_reopen(
    case: Case, data: CaseStatusInput, *, today: date | None = None
) -> dict[str, list[str]]:
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.status not in OPEN_STATUSES:
        add("status", _("Choose the status the case reopens with."))
    if data.reason:
        add("reason", _("A reopened case has no reason for closing; explain in the note."))
    _validate_date_and_note(data, add, today, after=case.closed_on or case.identified_on)
    return errors


def _change(
    *, actor: Actor, case: Case, data: CaseStatusInput, expected_status: str, closing: bool
) -> Case:
    agency = actor.agency
    if agency is None or not can_change_case_status(actor, case):
        raise ValidationError(_("You cannot change the status of this case."))
    data = data.cleaned()
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != expected_status:
        raise ConflictError(
            _(
                "Someone else changed the status of this case in the meantime. Reload the case and try again."
            )
        )
    if closing and locked.status in CLOSED_STATUSES:
        raise ValidationError(_("The case is already closed."))
    if not closing and locked.status not in CLOSED_STATUSES:
        raise ValidationError(_("The case is open; only a closed case can be reopened."))
    _raise_if(validate_close(locked, data) if closing else validate_reopen(locked, data))
    change = CaseStatusChange.objects.create(
        case=locked,
        from_status=locked.status,
        to_status=data.status,
        changed_on=cast("date", data.on),
        reason=data.reason if closing else "",
        note=data.note,
        agency=agency,
        changed_by=actor.user,
    )
    locked.status = data.status
    locked.closed_on = data.on if closing else None
    locked.save(update_fields=["status", "closed_on", "updated_at"])
    record(
        "case.closed" if closing else "case.reopened",
        actor=actor,
        obj=locked,
        purpose="case management",
        data={
            "status_change": change.pk,
            "from": change.from_status,
            "to": change.to_status,
            "on": cast("date", data.on).isoformat(),
            "reason": change.reason,
            "note_given": bool(data.note),
        },
    )
    return locked


@transaction.atomic
def do_close_case(*, actor: Actor, case: Case, data: CaseStatusInput, expected_status: str) -> Case:
    """Closes an open case (Closed, or Closed (referred)) with a reason and a date."""
    return _change(actor=actor, case=case, data=data, expected_status=expected_status, closing=True)


@transaction.atomic
def do_reopen_case(
    *, actor: Actor, case: Case, data: CaseStatusInput, expected_status: str
) -> Case:
    """Reopens a closed case (Active, or Follow-up) on a date, with an optional note."""
    return _change(
        actor=actor, case=case, data=data, expected_status=expected_status, closing=False
    )
