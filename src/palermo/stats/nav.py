"""The statistics app's entry of the main menu (see palermo.core.nav)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from palermo.accounts.roles import Cap
from palermo.core.nav import register_nav

register_nav("statistics", "stats:figures", _("Statistics"), any_of=(Cap.STATS_VIEW,), order=10)
