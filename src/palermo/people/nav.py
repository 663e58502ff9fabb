"""The people app's entries of the main menu (see palermo.core.nav)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from palermo.accounts.roles import Cap
from palermo.core.nav import register_nav

register_nav(
    "cases",
    "people:contact_requests",
    _("Contact requests"),
    any_of=(Cap.CASE_VIEW_AGENCY, Cap.CASE_VIEW_NATIONAL, Cap.REFERRAL_MANAGE_AGENCY),
    order=40,
)
register_nav(
    "cases",
    "people:duplicates",
    _("Suspected duplicates"),
    any_of=(Cap.USERS_MANAGE_NATIONAL,),
    order=50,
)
