"""The justice app's entries of the main menu (see palermo.core.nav)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from palermo.accounts.roles import Cap
from palermo.core.nav import register_nav

register_nav(
    "justice",
    "justice:list",
    _("Criminal proceedings"),
    any_of=(Cap.PROCEEDINGS_WORK, Cap.PROCEEDINGS_VIEW_NATIONAL, Cap.CASE_VIEW_AGENCY),
    order=10,
)
register_nav(
    "justice",
    "justice:expulsion_check",
    _("Expulsion check"),
    any_of=(Cap.EXPULSION_CHECK,),
    order=20,
)
register_nav(
    "justice",
    "justice:consequences",
    _("Decisions on foreign nationals"),
    any_of=(Cap.FOREIGN_NATIONAL_RECORD, Cap.PROCEEDINGS_VIEW_NATIONAL),
    order=30,
)
register_nav(
    "justice",
    "justice:offences",
    _("Administrative offences"),
    any_of=(Cap.OFFENCE_RECORD, Cap.PROCEEDINGS_VIEW_NATIONAL),
    order=40,
)
