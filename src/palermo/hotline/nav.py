"""The hotline app's entries of the main menu (see palermo.core.nav)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from palermo.accounts.roles import Cap
from palermo.core.nav import register_nav

if TYPE_CHECKING:
    from palermo.accounts.actor import Actor


def _reads_tips(actor: Actor) -> bool:
    """The hotline works the tips; it forwards them to the counter-trafficking unit of the region."""
    if actor.can_any(Cap.HOTLINE_WORK, Cap.CASE_VIEW_NATIONAL):
        return True
    agency = actor.agency
    return actor.can(Cap.CASE_VIEW_AGENCY) and agency is not None and agency.kind == "ct_unit"


register_nav(
    "hotline",
    "hotline:calls",
    _("Calls"),
    any_of=(Cap.HOTLINE_WORK, Cap.CASE_VIEW_NATIONAL),
    order=10,
)
register_nav("hotline", "hotline:tips", _("Tips"), when=_reads_tips, order=20)
