"""The working-day calendar's panel on the agency dashboard (see palermo.core.panels)."""

from __future__ import annotations

from typing import Any

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.core.panels import register_panel
from palermo.workdays.services import year_without_transfers


@register_panel("workdays.transfers_missing", template="workdays/_panel_transfers.html", order=60)
def transfers_missing(actor: Actor) -> dict[str, Any] | None:
    """A warning when next year's transfers of working days are not known yet."""
    if not actor.can(Cap.CALENDAR_MANAGE):
        return None
    year = year_without_transfers()
    return {"transfers_missing_year": year} if year else None
