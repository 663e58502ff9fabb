"""The accounts app's entries of the main menu (see palermo.core.nav)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from palermo.accounts.roles import Cap
from palermo.core.nav import register_nav

register_nav(
    "administration", "accounts:api_tokens", _("API tokens"), any_of=(Cap.API_TOKENS,), order=90
)
