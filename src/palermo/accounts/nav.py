"""The accounts app's entries of the main menu (see palermo.core.nav)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from palermo.accounts.roles import Cap
from palermo.core.nav import register_nav

register_nav(
    "administration", "accounts:api_tokens", _("API tokens"), any_of=(Cap.API_TOKENS,), order=90
)
register_nav(
    "administration",
    "administration:users",
    _("Users and roles"),
    any_of=(Cap.USERS_MANAGE_AGENCY, Cap.USERS_MANAGE_NATIONAL),
    order=10,
)
register_nav(
    "administration",
    "administration:agencies",
    _("Agencies"),
    any_of=(Cap.USERS_MANAGE_NATIONAL,),
    order=20,
)
