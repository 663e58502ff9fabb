"""The referrals app's panels on the agency dashboard (see palermo.core.panels)."""

from __future__ import annotations

from typing import Any

from palermo.accounts.actor import Actor
from palermo.core.panels import register_panel


@register_panel("referrals.queue", template="referrals/_dashboard.html", order=10)
def queue(actor: Actor) -> dict[str, Any] | None:
    """Referrals to answer, overdue referrals, overdue follow-ups: for every agency member."""
    return {} if actor.agency is not None else None
