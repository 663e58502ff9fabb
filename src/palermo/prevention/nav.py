"""The prevention app's entry of the main menu (see palermo.core.nav)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from palermo.accounts.roles import Cap
from palermo.core.nav import register_nav

register_nav(
    "prevention",
    "prevention:list",
    _("Prevention"),
    any_of=(Cap.PREVENTION_RECORD, Cap.STATS_VIEW),
    order=10,
)
