"""The cross-border app's entry of the main menu (see palermo.core.nav)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from palermo.accounts.roles import Cap
from palermo.core.nav import register_nav

register_nav(
    "referrals",
    "crossborder:index",
    _("Cross-border"),
    any_of=(Cap.REFERRAL_WORK, Cap.CASE_VIEW_NATIONAL, Cap.USERS_MANAGE_NATIONAL),
    order=30,
)
