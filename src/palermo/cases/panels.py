"""The cases app's panels on the agency dashboard (see palermo.core.panels)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.cases.access import cases_for
from palermo.cases.models import Case
from palermo.cases.services import overdue_decisions
from palermo.cases.services.decisions import latest_overdue_identification
from palermo.cases.vocab import OPEN_STATUSES, CaseStatus, TraffickingStatus
from palermo.core.panels import register_panel

DASHBOARD_ROWS = 10
# "Due soon" on the officer's chart: decisions that fall due within this many days.
DUE_SOON_DAYS = 7


def _owned(actor: Actor, qs: QuerySet[Case]) -> QuerySet[Case]:
    """Decisions are the owning agency's work; national roles see every agency's."""
    if actor.can(Cap.CASE_VIEW_NATIONAL):
        return qs
    return qs.filter(owning_agency=actor.agency)


def _sees_cases(actor: Actor) -> bool:
    return actor.can_any(Cap.CASE_VIEW_AGENCY, Cap.CASE_VIEW_NATIONAL)


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


@register_panel("cases.counts", template="cases/_panel_counts.html", order=20)
def counts(actor: Actor) -> dict[str, Any] | None:
    if not _sees_cases(actor):
        return None
    return {"case_counts": case_counts(actor)}


@register_panel("cases.overdue_decisions", template="cases/_panel_overdue.html", order=30)
def overdue(actor: Actor) -> dict[str, Any] | None:
    if not _sees_cases(actor):
        return None
    owned = _owned(actor, overdue_decisions(actor))
    return {
        "overdue_cases": list(owned[:DASHBOARD_ROWS]),
        "overdue_count": owned.count(),
        "decisions_chart": decisions_due(actor),
    }


def decisions_due(actor: Actor) -> list[tuple[str, int]]:
    """The status decisions still to take, by how soon they fall due: for the officer's chart."""
    today = timezone.localdate()
    pending = _owned(actor, cases_for(actor)).filter(
        trafficking_status=TraffickingStatus.POSSIBLE, status__in=OPEN_STATUSES
    )
    # Due dates grow with the date of identification: each bucket is one date comparison.
    overdue_until = latest_overdue_identification(today)
    soon_until = latest_overdue_identification(today + timedelta(days=DUE_SOON_DAYS + 1))
    overdue_n = pending.filter(identified_on__lte=overdue_until).count()
    soon_n = pending.filter(identified_on__gt=overdue_until, identified_on__lte=soon_until).count()
    later_n = pending.filter(identified_on__gt=soon_until).count()
    return [
        (_("Overdue"), overdue_n),
        (_("Due within %(days)d days") % {"days": DUE_SOON_DAYS}, soon_n),
        (_("Due later"), later_n),
    ]
