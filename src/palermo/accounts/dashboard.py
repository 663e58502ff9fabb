"""The agency's dashboard: the work waiting for it, from each app's services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count
from django.utils import timezone

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.cases.access import cases_for
from palermo.cases.services import overdue_decisions
from palermo.cases.vocab import CaseStatus, TraffickingStatus

DASHBOARD_ROWS = 10
# Protection measures whose end date falls within this many days are shown, so the investigating
# body can extend them (Law No. 350-Z Art. 18) before the victim is left without protection.
MEASURES_ENDING_WITHIN_DAYS = 14


def _owned(actor: Actor, qs: Any) -> Any:
    """Decisions are the owning agency's work; national roles see every agency's."""
    if actor.can(Cap.CASE_VIEW_NATIONAL):
        return qs
    return qs.filter(owning_agency=actor.agency)


def case_counts(actor: Actor) -> dict[str, list[tuple[str, int]]]:
    owned = _owned(actor, cases_for(actor))
    by_status = dict(owned.values_list("trafficking_status").annotate(n=Count("id")))
    by_case_status = dict(owned.values_list("status").annotate(n=Count("id")))
    return {
        "trafficking": [
            (str(label), by_status.get(code, 0)) for code, label in TraffickingStatus.choices
        ],
        "case": [(str(label), by_case_status.get(code, 0)) for code, label in CaseStatus.choices],
    }


def dashboard_context(actor: Actor) -> dict[str, Any]:
    context: dict[str, Any] = {}
    if actor.can_any(Cap.CASE_VIEW_AGENCY, Cap.CASE_VIEW_NATIONAL):
        overdue = _owned(actor, overdue_decisions(actor))
        context["overdue_cases"] = list(overdue[:DASHBOARD_ROWS])
        context["overdue_count"] = overdue.count()
        context["case_counts"] = case_counts(actor)
    if actor.can(Cap.PROCEEDINGS_WORK) and actor.agency is not None:
        context["measures_ending"] = list(measures_ending(actor)[:DASHBOARD_ROWS])
        context["measures_ending_days"] = MEASURES_ENDING_WITHIN_DAYS
    if actor.can(Cap.FUND_MANAGE):
        context["awards_to_pay_count"] = awards_waiting(actor).count()
    if actor.can(Cap.CALENDAR_MANAGE):
        from palermo.workdays.services import year_without_transfers

        context["transfers_missing_year"] = year_without_transfers()
    return context


def measures_ending(actor: Actor) -> Any:
    """Applied protection measures of the actor's proceedings that end within the window."""
    from palermo.justice.access import works_on_proceedings
    from palermo.justice.models import ProtectionMeasure
    from palermo.justice.vocab import MeasureStatus

    today = timezone.localdate()
    return (
        ProtectionMeasure.objects.filter(
            status=MeasureStatus.ACTIVE,
            ends_on__isnull=False,
            ends_on__lte=today + timedelta(days=MEASURES_ENDING_WITHIN_DAYS),
            participant__proceedings__in=works_on_proceedings(actor),
        )
        .select_related("participant__proceedings")
        .order_by("ends_on", "id")
    )


def awards_waiting(actor: Actor) -> Any:
    """Court awards with an amount still outstanding, which the fund may pay."""
    from palermo.justice.compensation.access import awards_for
    from palermo.justice.compensation.services.claims import awards_to_pay

    return awards_to_pay(awards_for(actor))
