"""The compensation app's entries of the main menu (see palermo.core.nav)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from palermo.accounts.roles import Cap
from palermo.core.nav import register_nav

register_nav(
    "justice",
    "compensation:claims",
    _("Compensation claims"),
    any_of=(Cap.PROCEEDINGS_WORK, Cap.PROCEEDINGS_VIEW_NATIONAL),
    order=50,
)
_FUND = (Cap.FUND_VIEW, Cap.FUND_MANAGE)
register_nav("protection", "compensation:ledger", _("Compensation fund"), any_of=_FUND, order=30)
register_nav("protection", "compensation:awards", _("Awards to pay"), any_of=_FUND, order=40)
