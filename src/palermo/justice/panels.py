"""The justice app's panels on the agency dashboard (see palermo.core.panels)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.core.panels import register_panel
from palermo.justice.access import works_on_proceedings
from palermo.justice.models import ProtectionMeasure
from palermo.justice.vocab import MeasureStatus

DASHBOARD_ROWS = 10
# Protection measures whose end date falls within this many days are shown, so the investigating
# body can extend them (Law No. 350-Z Art. 18) before the victim is left without protection.
MEASURES_ENDING_WITHIN_DAYS = 14


def measures_ending(actor: Actor) -> QuerySet[ProtectionMeasure]:
    """Applied protection measures of the actor's proceedings that end within the window."""
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


@register_panel("justice.measures_ending", template="justice/_panel_measures_ending.html", order=40)
def measures_panel(actor: Actor) -> dict[str, Any] | None:
    if not actor.can(Cap.PROCEEDINGS_WORK) or actor.agency is None:
        return None
    ending = measures_ending(actor)
    return {
        "measures_ending": list(ending[:DASHBOARD_ROWS]),
        "measures_ending_days": MEASURES_ENDING_WITHIN_DAYS,
        "measures_chart": measures_by_week(ending),
    }


def measures_by_week(ending: QuerySet[ProtectionMeasure]) -> list[tuple[str, int]]:
    """The measures ending soon, by how soon: for the investigator's chart."""
    today = timezone.localdate()
    week = today + timedelta(days=7)
    return [
        (_("Past their end date"), ending.filter(ends_on__lt=today).count()),
        (_("Ending within 7 days"), ending.filter(ends_on__gte=today, ends_on__lte=week).count()),
        (
            _("Ending in 8 to %(days)d days") % {"days": MEASURES_ENDING_WITHIN_DAYS},
            ending.filter(ends_on__gt=week).count(),
        ),
    ]
