"""The data exchange's entry of the main menu (see palermo.core.nav)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from palermo.accounts.roles import Cap
from palermo.core.nav import register_nav

if TYPE_CHECKING:
    from palermo.accounts.actor import Actor


def _exchanges(actor: Actor) -> bool:
    """Analysts and exporters, and the agencies that both register cases and work referrals."""
    if actor.can_any(Cap.STATS_VIEW, Cap.HTCDS_EXPORT):
        return True
    return actor.can(Cap.CASE_REGISTER) and actor.can(Cap.REFERRAL_WORK)


register_nav("statistics", "stats_exchange:index", _("Data exchange"), when=_exchanges, order=30)
