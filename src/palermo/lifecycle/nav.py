"""The lifecycle app's entries of the main menu (see palermo.core.nav)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from palermo.accounts.roles import Cap
from palermo.core.nav import register_nav

register_nav(
    "administration", "lifecycle:lists", _("Data retention"), any_of=(Cap.DATA_SHRED,), order=50
)
register_nav(
    "administration",
    "lifecycle:subject_access",
    _("A person's own file"),
    any_of=(Cap.SUBJECT_ACCESS,),
    order=60,
)
