"""The compensation app's panel on the agency dashboard (see palermo.core.panels)."""

from __future__ import annotations

from typing import Any

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.core.panels import register_panel
from palermo.justice.compensation.access import awards_for
from palermo.justice.compensation.services.claims import awards_to_pay


@register_panel("compensation.awards_to_pay", template="compensation/_panel_awards.html", order=50)
def awards_waiting(actor: Actor) -> dict[str, Any] | None:
    """Court awards with an amount still outstanding, which the fund may pay."""
    if not actor.can(Cap.FUND_MANAGE):
        return None
    return {"awards_to_pay_count": awards_to_pay(awards_for(actor)).count()}
