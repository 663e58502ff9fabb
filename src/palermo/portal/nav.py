"""The portal's entry of the staff menu (see palermo.core.nav)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from palermo.accounts.roles import Cap
from palermo.core.nav import register_nav

register_nav("prevention", "portal:manage", _("Portal pages"), any_of=(Cap.PORTAL_EDIT,), order=20)
