"""Capabilities of the hotline, prevention and portal apps (which roles hold them: roles.py)."""

from __future__ import annotations

from palermo.accounts.actor import Actor

HOTLINE_WORK = "hotline.work"
PREVENTION_RECORD = "prevention.record"
PORTAL_EDIT = "portal.edit"
STATS_VIEW = "stats.view"


def has_cap(actor: Actor | None, name: str) -> bool:
    if actor is None or actor.role is None:
        return False
    return name in actor.role.capabilities
