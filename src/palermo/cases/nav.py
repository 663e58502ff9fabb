"""The cases app's entries of the main menu (see palermo.core.nav)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from palermo.accounts.roles import Cap
from palermo.core.nav import register_nav

register_nav(
    "cases",
    "cases:list",
    _("Cases"),
    any_of=(Cap.CASE_VIEW_AGENCY, Cap.CASE_VIEW_NATIONAL),
    order=10,
)
register_nav(
    "cases", "cases:screening_new", _("Screen a person"), any_of=(Cap.CASE_REGISTER,), order=20
)
register_nav(
    "cases",
    "cases:register",
    _("Register a presumed victim"),
    any_of=(Cap.CASE_REGISTER,),
    order=30,
)
