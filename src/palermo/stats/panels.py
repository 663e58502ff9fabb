"""The statistics app's panel on the agency dashboard (see palermo.core.panels)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.cases.models import Case
from palermo.core.panels import register_panel

YEARS_SHOWN = 5


@register_panel("stats.entry_points", template="stats/_panel_entry_points.html", order=15)
def entry_points(actor: Actor) -> dict[str, Any] | None:
    """The analyst's ways in: the figures, the releases, the exchange; cases identified a year.

    Counts only, over every agency (what ``stats.view`` is for): no case is named."""
    if not actor.can(Cap.STATS_VIEW):
        return None
    this_year = timezone.localdate().year
    first = this_year - YEARS_SHOWN + 1
    by_year = dict(
        Case.objects.filter(identified_on__year__gte=first)
        .annotate(year=ExtractYear("identified_on"))
        .values_list("year")
        .annotate(n=Count("id"))
    )
    return {
        "identified_chart": [
            (str(year), by_year.get(year, 0)) for year in range(first, this_year + 1)
        ],
    }
