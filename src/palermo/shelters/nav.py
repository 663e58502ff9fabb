"""The shelters app's entries of the main menu (see palermo.core.nav)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from palermo.accounts.roles import Cap
from palermo.core.nav import register_nav

register_nav(
    "protection",
    "shelters:facilities",
    _("Shelters"),
    any_of=(Cap.SHELTER_MANAGE, Cap.SHELTER_VIEW_NATIONAL, Cap.REFERRAL_WORK),
    order=10,
)
register_nav(
    "statistics", "shelters:occupancy", _("Shelter occupancy"), any_of=(Cap.STATS_VIEW,), order=20
)
