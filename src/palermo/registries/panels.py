"""The registries app's panel on the agency dashboard (see palermo.core.panels)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.core.panels import register_panel
from palermo.registries.access import can_view_tourist_reports, tourist_reports_for

# The window of the registry officer's chart: reports registered in the last this many days.
LATE_REPORTS_WINDOW_DAYS = 90
DASHBOARD_ROWS = 5


@register_panel("registries.late_reports", template="registries/_panel_late_reports.html", order=35)
def late_reports(actor: Actor) -> dict[str, Any] | None:
    """Tourist agencies' non-return reports (Art. 15) of the last months: on time and late."""
    if not actor.can(Cap.REGISTRY_MANAGE) or not can_view_tourist_reports(actor):
        return None
    since = timezone.localdate() - timedelta(days=LATE_REPORTS_WINDOW_DAYS)
    recent = tourist_reports_for(actor).filter(reported_on__gte=since)
    late = recent.filter(late_by_working_days__gt=0)
    return {
        "late_reports": list(late.order_by("-reported_on", "-id")[:DASHBOARD_ROWS]),
        "late_reports_days": LATE_REPORTS_WINDOW_DAYS,
        "late_reports_chart": [
            (_("On time"), recent.filter(late_by_working_days=0).count()),
            (_("Late by 1 or 2 working days"), late.filter(late_by_working_days__lte=2).count()),
            (_("Late by 3 working days or more"), late.filter(late_by_working_days__gt=2).count()),
        ],
    }
