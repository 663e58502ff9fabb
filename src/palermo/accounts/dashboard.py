"""The agency's dashboard: the work waiting for it, from each app's services."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.cases.access import cases_for
from palermo.cases.services import overdue_decisions
from palermo.cases.vocab import CaseStatus, TraffickingStatus

DASHBOARD_ROWS = 10


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
    return context
