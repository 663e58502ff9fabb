"""The registries app's entries of the main menu (see palermo.core.nav)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from palermo.accounts.roles import Cap
from palermo.core.nav import register_nav

register_nav(
    "registries",
    "registries:index",
    _("Registries"),
    any_of=(
        Cap.REGISTRY_VIEW,
        Cap.REGISTRY_MANAGE,
        Cap.ADVERT_REVIEW,
        Cap.REGISTRY_NON_RETURN_VIEW,
    ),
    order=10,
)
register_nav(
    "registries", "registries:check", _("Check an agency"), any_of=(Cap.REGISTRY_VIEW,), order=20
)
