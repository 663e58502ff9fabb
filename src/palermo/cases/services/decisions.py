"""Decisions on victim status by the competent body, and the deadline they are due by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.cases.access import cases_for
from palermo.cases.access_parts import can_decide_status
from palermo.cases.models import Case, StatusDecision
from palermo.cases.services.registration import _raise_if
from palermo.cases.vocab import OPEN_STATUSES, TraffickingStatus
from palermo.core.audit import record
from palermo.core.errors import ConflictError
from palermo.jurisdictions.calendar import (
    DeadlineShift,
    WorkingCalendar,
    current_calendar,
    recompute_window_start,
)
from palermo.jurisdictions.pack import get_pack

MAX_REASONS = 20000
DEADLINE = "status_decision"


@dataclass
class DecisionInput:
    outcome: str = ""  # TraffickingStatus.ACTUAL or NOT_A_VICTIM
    legal_basis: str = ""  # a key the pack allows for the outcome
    decided_on: date | None = None
    reasons: str = ""

    def cleaned(self) -> DecisionInput:
        self.reasons = (self.reasons or "").strip()
        return self


def validate_decision(
    case: Case, data: DecisionInput, *, today: date | None = None
) -> dict[str, list[str]]:
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    rules = get_pack().status_decisions
    if rules is None:
        add(
            "__all__",
            _("This jurisdiction's pack names no body competent to decide victim status."),
        )
        return errors
    if data.outcome not in (TraffickingStatus.ACTUAL, TraffickingStatus.NOT_A_VICTIM):
        add("outcome", _("Choose: recognised as a victim, or not a victim of trafficking."))
    elif data.legal_basis not in {b.key for b in rules.bases_for(data.outcome)}:
        add(
            "legal_basis",
            _("Choose a legal basis that this jurisdiction allows for this decision."),
        )
    if data.decided_on is None:
        add("decided_on", _("Enter the date of the decision."))
    elif data.decided_on > today:
        add("decided_on", _("The date of the decision cannot be in the future."))
    elif data.decided_on < case.identified_on:
        add(
            "decided_on",
            _("The decision cannot come before the person was identified (%(date)s).")
            % {"date": date_format(case.identified_on, "SHORT_DATE_FORMAT")},
        )
    if not data.reasons:
        add("reasons", _("Give the reasons for the decision."))
    elif len(data.reasons) > MAX_REASONS:
        add("reasons", _("The reasons can have at most 20,000 characters."))
    return errors


@transaction.atomic
def do_decide_status(
    *, actor: Actor, case: Case, data: DecisionInput, expected_status: str
) -> StatusDecision:
    """Records the competent body's decision; the case's trafficking status follows it.

    ``expected_status`` is the status the decider saw. The case row is locked, so of two
    concurrent decisions only the first applies; the second is refused (ConflictError).
    """
    if actor.agency is None or not can_decide_status(actor, case):
        raise ValidationError(_("Your agency cannot decide victim status on this case."))
    data = data.cleaned()
    _raise_if(validate_decision(case, data))
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.trafficking_status != expected_status:
        raise ConflictError(
            _(
                "Someone else recorded a decision on this case in the meantime. Reload the case and decide again if needed."
            )
        )
    if data.outcome == locked.trafficking_status:
        raise ValidationError({"outcome": [_("The case already has this status.")]})
    rules = get_pack().status_decisions
    bases = rules.bases_for(data.outcome) if rules else ()
    basis = next((b for b in bases if b.key == data.legal_basis), None)
    if basis is None or data.decided_on is None:  # validate_decision said so already
        raise ValidationError({"legal_basis": [_("Choose a legal basis.")]})
    due = locked.status_decision_due_on
    decision = StatusDecision.objects.create(
        case=locked,
        outcome=data.outcome,
        previous_status=locked.trafficking_status,
        decided_on=data.decided_on,
        due_on=due,
        legal_basis_key=basis.key,
        legal_basis_citation=basis.citation,
        reasons=data.reasons,
        deciding_agency=actor.agency,
        decided_by=actor.user,
    )
    locked.trafficking_status = data.outcome
    locked.save(update_fields=["trafficking_status", "updated_at"])
    record(
        "case.status_decided",
        actor=actor,
        obj=locked,
        purpose="status decision",
        data={
            "decision": decision.pk,
            "outcome": decision.outcome,
            "previous_status": decision.previous_status,
            "decided_on": decision.decided_on.isoformat(),
            "due_on": due.isoformat(),
            "on_time": decision.on_time,
            "legal_basis": basis.citation,
        },
    )
    return decision


def latest_overdue_identification(today: date) -> date:
    """The latest date of identification whose status-decision deadline ran out before ``today``.

    The due date grows with the start date, so "overdue" is ``identified_on <= this date``: one
    indexed comparison in SQL, although working days are counted in Python.
    """
    calendar = current_calendar()
    days = get_pack().deadline(DEADLINE).working_days
    day = today - timedelta(days=1)
    for _step in range(800):
        if calendar.add_working_days(day, days) < today:
            return day
        day -= timedelta(days=1)
    return day  # not reached with any deadline of at most 366 working days


def overdue_decisions(actor: Actor, *, today: date | None = None) -> QuerySet[Case]:
    """The actor's open cases of presumed victims whose status decision is overdue, oldest first.

    A scoped query (it starts from ``cases_for``), for dashboards: each case's
    ``status_decision_due_on`` gives its due date.
    """
    today = today or timezone.localdate()
    return (
        cases_for(actor)
        .filter(
            trafficking_status=TraffickingStatus.POSSIBLE,
            status__in=OPEN_STATUSES,
            identified_on__lte=latest_overdue_identification(today),
        )
        .order_by("identified_on", "id")
    )


def status_decision_shifts(
    before: WorkingCalendar, after: WorkingCalendar, first: date, last: date
) -> list[DeadlineShift]:
    """Open cases awaiting a status decision whose due date a transfer of working days moved.

    The due date is computed, not stored, so nothing is written: the shifts are kept by the
    transfer's service and shown on each case.
    """
    days = get_pack().deadline(DEADLINE).working_days
    waiting = Case.objects.filter(
        trafficking_status=TraffickingStatus.POSSIBLE,
        status__in=OPEN_STATUSES,
        identified_on__gte=recompute_window_start(first, days),
        identified_on__lte=last,
    ).only("pk", "reference", "identified_on")
    shifts: list[DeadlineShift] = []
    for case in waiting.order_by("pk"):
        old = before.add_working_days(case.identified_on, days)
        new = after.add_working_days(case.identified_on, days)
        if old != new:
            shifts.append(
                DeadlineShift(
                    object_type="cases.case", object_id=case.pk,
                    label=case.reference, old_due=old, new_due=new,
                )
            )  # fmt: skip
    return shifts
