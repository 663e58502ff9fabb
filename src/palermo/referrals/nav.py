"""The referrals app's entries of the main menu (see palermo.core.nav)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from palermo.accounts.roles import Cap
from palermo.core.nav import register_nav

_SEES_REFERRALS = (Cap.CASE_VIEW_AGENCY, Cap.CASE_VIEW_NATIONAL, Cap.REFERRAL_MANAGE_AGENCY)

register_nav("referrals", "referrals:inbox", _("Referrals"), any_of=_SEES_REFERRALS, order=10)
register_nav(
    "referrals", "referrals:directory", _("Service directory"), any_of=_SEES_REFERRALS, order=20
)
