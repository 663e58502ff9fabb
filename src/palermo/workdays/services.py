"""Recording and withdrawing transfers of working days, and the overlay they form on the pack.

Every deadline of the product is counted with ``jurisdictions.calendar.current_calendar()``,
which adds the active transfers recorded here to the pack's calendar. When a transfer is
recorded or withdrawn, the due dates already computed (stored or shown) are recomputed by the
apps that own them and each change is kept, so the item shows why its due date moved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.core.audit import record
from palermo.jurisdictions.calendar import (
    DeadlineShift,
    WorkingCalendar,
    current_calendar,
    deadline_recomputers,
    register_deadline_recompute,
    set_transfer_overlay,
)
from palermo.jurisdictions.pack import get_pack
from palermo.jurisdictions.text import Text
from palermo.workdays.access import can_manage_transfers
from palermo.workdays.models import RESOLUTION_LENGTH, DeadlineChange, WorkingDayTransfer

# Dashboards warn national administrators from this month when next year has no transfer.
WARN_FROM_MONTH = 10


@dataclass
class TransferInput:
    date_off: date | None = None
    date_worked: date | None = None
    resolution_number: str = ""
    resolution_date: date | None = None

    def cleaned(self) -> TransferInput:
        self.resolution_number = " ".join((self.resolution_number or "").split())
        return self


def _reason(transfer: WorkingDayTransfer, worked: bool) -> Text:
    # Stored texts are English; the pack's own transfers carry all languages.
    other = transfer.date_off if worked else transfer.date_worked
    kind = "Working day for" if worked else "Working day moved to"
    return Text(
        {"en": f"{kind} {other:%d.%m.%Y} (Resolution No. {transfer.resolution_number} "
               f"of {transfer.resolution_date:%d.%m.%Y})"}
    )  # fmt: skip


def overlay() -> tuple[Mapping[date, Text], Mapping[date, Text]]:
    """The active recorded transfers: (days given off, days worked instead)."""
    days_off: dict[date, Text] = {}
    worked: dict[date, Text] = {}
    for transfer in WorkingDayTransfer.objects.filter(withdrawn_at__isnull=True):
        days_off[transfer.date_off] = _reason(transfer, worked=False)
        worked[transfer.date_worked] = _reason(transfer, worked=True)
    return days_off, worked


def validate_transfer(
    data: TransferInput, calendar: WorkingCalendar, *, today: date | None = None
) -> dict[str, list[str]]:
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.date_off is None:
        add("date_off", _("Enter the working day that becomes a day off."))
    elif not calendar.is_working_day(data.date_off):
        add("date_off", _("This day is already a day off: choose a working day."))
    if data.date_worked is None:
        add("date_worked", _("Enter the day off that becomes a working day."))
    elif calendar.is_working_day(data.date_worked):
        add("date_worked", _("This day is already a working day: choose a day off."))
    if data.date_off and data.date_worked and abs((data.date_off - data.date_worked).days) > 366:
        add("date_worked", _("The two days of one transfer lie more than a year apart."))
    if not data.resolution_number:
        add("resolution_number", _("Enter the number of the resolution."))
    elif len(data.resolution_number) > RESOLUTION_LENGTH:
        add("resolution_number", _("At most %(n)d characters.") % {"n": RESOLUTION_LENGTH})
    if data.resolution_date is None:
        add("resolution_date", _("Enter the date of the resolution."))
    elif data.resolution_date > today:
        add("resolution_date", _("The resolution's date cannot be in the future."))
    elif data.date_off and data.resolution_date > data.date_off:
        add("resolution_date", _("The resolution must be dated before the day it gives off."))
    return errors


def _recompute(
    transfer: WorkingDayTransfer, before: WorkingCalendar, after: WorkingCalendar, withdrawal: bool
) -> Counter[str]:
    first = min(transfer.date_off, transfer.date_worked)
    last = max(transfer.date_off, transfer.date_worked)
    shifts: list[DeadlineShift] = []
    for recompute in deadline_recomputers():
        shifts.extend(recompute(before, after, first, last))
    DeadlineChange.objects.bulk_create(
        [
            DeadlineChange(
                transfer=transfer,
                withdrawal=withdrawal,
                object_type=shift.object_type,
                object_id=shift.object_id,
                label=shift.label[:200],
                old_due=shift.old_due,
                new_due=shift.new_due,
                note=shift.note[:200],
            )
            for shift in shifts
        ]
    )
    return Counter(shift.object_type for shift in shifts)


def _audit_data(transfer: WorkingDayTransfer, moved: Counter[str]) -> dict[str, object]:
    return {
        "date_off": transfer.date_off.isoformat(),
        "date_worked": transfer.date_worked.isoformat(),
        "resolution": transfer.resolution_number,
        "resolution_date": transfer.resolution_date.isoformat(),
        "due_dates_moved": dict(sorted(moved.items())),
    }


@transaction.atomic
def do_record_transfer(*, actor: Actor, data: TransferInput) -> WorkingDayTransfer:
    if not can_manage_transfers(actor):
        raise ValidationError(_("Only a national administrator records transfers of working days."))
    data = data.cleaned()
    # One recording at a time: each is validated against the calendar with all the others.
    list(WorkingDayTransfer.objects.select_for_update().filter(withdrawn_at__isnull=True))
    before = current_calendar()
    errors = validate_transfer(data, before)
    date_off, date_worked, resolution_date = data.date_off, data.date_worked, data.resolution_date
    if errors or date_off is None or date_worked is None or resolution_date is None:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            transfer = WorkingDayTransfer.objects.create(
                date_off=date_off,
                date_worked=date_worked,
                resolution_number=data.resolution_number,
                resolution_date=resolution_date,
                recorded_by=actor.user,
            )
            transfer.refresh_from_db()  # dates as date objects, whatever the input was
    except IntegrityError:
        raise ValidationError(
            {"date_off": [_("A transfer of this day has just been recorded.")]}
        ) from None
    moved = _recompute(transfer, before, current_calendar(), withdrawal=False)
    record("workdays.transfer_recorded", actor=actor, obj=transfer, purpose="calendar",
           data=_audit_data(transfer, moved))  # fmt: skip
    return transfer


@transaction.atomic
def do_withdraw_transfer(*, actor: Actor, transfer: WorkingDayTransfer) -> WorkingDayTransfer:
    if not can_manage_transfers(actor):
        raise ValidationError(
            _("Only a national administrator withdraws transfers of working days.")
        )
    locked = WorkingDayTransfer.objects.select_for_update().get(pk=transfer.pk)
    if locked.withdrawn_at is not None:
        raise ValidationError(_("This transfer has already been withdrawn."))
    before = current_calendar()
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = actor.user
    locked.save(update_fields=["withdrawn_at", "withdrawn_by"])
    moved = _recompute(locked, before, current_calendar(), withdrawal=True)
    record("workdays.transfer_withdrawn", actor=actor, obj=locked, purpose="calendar",
           data=_audit_data(locked, moved))  # fmt: skip
    return locked


def year_without_transfers(today: date | None = None) -> int | None:
    """Next year, if from October on it has no transfer in the pack or recorded here.

    Only for a jurisdiction whose government transfers days at all (its pack lists some).
    """
    today = today or timezone.localdate()
    pack_years = get_pack().calendar.transfer_years()
    if today.month < WARN_FROM_MONTH or not pack_years:
        return None
    year = today.year + 1
    if year in current_calendar().transfer_years():
        return None
    return year


def _notes() -> dict[str, str]:
    return {
        "no_longer_late": _("The report is no longer late."),
        "now_late": _("The report is now late."),
    }


class _Notes:
    """The notes a recomputation may add, translated when shown (stored as codes)."""

    def get(self, code: str) -> str | None:
        return _notes().get(code)


NOTES = _Notes()


def change_text(change: DeadlineChange) -> str:
    """How an item explains a moved due date."""
    transfer = change.transfer
    values = {
        "old": date_format(change.old_due, "SHORT_DATE_FORMAT"),
        "new": date_format(change.new_due, "SHORT_DATE_FORMAT"),
        "number": transfer.resolution_number,
        "date": date_format(transfer.resolution_date, "SHORT_DATE_FORMAT"),
    }
    text = _change_sentence(change, values)
    note = NOTES.get(change.note)
    return f"{text} {note}" if note else text


def _change_sentence(change: DeadlineChange, values: dict[str, str]) -> str:
    if change.withdrawal:
        return (
            _(
                "Due date moved from %(old)s to %(new)s: the transfer of working days under "
                "Resolution No. %(number)s of %(date)s was withdrawn."
            )
            % values
        )
    return (
        _(
            "Due date moved from %(old)s to %(new)s by the transfer of working days under "
            "Resolution No. %(number)s of %(date)s."
        )
        % values
    )


def install() -> None:
    """Called at start-up: the overlay for every deadline, and the apps that recompute theirs."""
    from palermo.cases.services.decisions import status_decision_shifts
    from palermo.referrals.services.referrals import recompute_referral_deadlines
    from palermo.registries.services.tourists import recompute_tourist_deadlines

    set_transfer_overlay(overlay)
    register_deadline_recompute("cases.status_decision", status_decision_shifts)
    register_deadline_recompute("referrals.referral", recompute_referral_deadlines)
    register_deadline_recompute("registries.touristreport", recompute_tourist_deadlines)
