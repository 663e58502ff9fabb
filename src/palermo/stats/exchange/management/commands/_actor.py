"""The actor a data-exchange command acts as: a named user, under one of their memberships."""

from __future__ import annotations

from django.core.management.base import CommandError

from palermo.accounts.actor import Actor, actor_for_membership
from palermo.accounts.models import User


def actor_named(username: str, agency_id: int | None) -> Actor:
    """The user's active membership (of the given agency, when they have several)."""
    user = User.objects.filter(username=username, is_active=True).first()
    memberships = list(user.active_memberships().order_by("id")) if user else []
    if agency_id is not None:
        memberships = [m for m in memberships if m.agency_id == agency_id]
    if not memberships:
        raise CommandError(f"no active user {username!r} with a membership of that agency")
    if len(memberships) > 1:
        raise CommandError(f"{username!r} works for several agencies: name one with --agency")
    return actor_for_membership(memberships[0])
