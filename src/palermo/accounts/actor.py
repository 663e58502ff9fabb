"""The Actor: who is acting, for which agency, with which capabilities.

Every service function and access helper takes an Actor rather than a bare user, because the
same person may work for two agencies and must only ever see what the current one may see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.http import HttpRequest

from palermo.accounts.roles import Cap, Role

if TYPE_CHECKING:
    from palermo.accounts.models import Agency, Membership, User

SESSION_MEMBERSHIP_KEY = "palermo_membership_id"


@dataclass(frozen=True)
class Actor:
    user: User
    membership: Membership | None
    # When this session last confirmed a second factor (None: not in this session, or a token).
    second_factor_at: datetime | None = None
    # Every active membership of the user, when the actor was built from them (HTML requests):
    # the header's agency switcher shows them without asking the database again.
    memberships: tuple[Membership, ...] = field(default=(), compare=False, repr=False)

    @property
    def agency(self) -> Agency | None:
        return self.membership.agency if self.membership else None

    @property
    def role(self) -> Role | None:
        return self.membership.role_obj if self.membership else None

    def can(self, capability: Cap) -> bool:
        role = self.role
        return role is not None and capability in role.capabilities

    def can_any(self, *capabilities: Cap) -> bool:
        return any(self.can(c) for c in capabilities)

    @property
    def needs_second_factor(self) -> bool:
        """The role requires a second factor and this session has not confirmed one."""
        role = self.role
        return role is not None and role.requires_second_factor and self.second_factor_at is None

    def __str__(self) -> str:
        return f"{self.user.get_username()} @ {self.agency or '-'}"


def actor_for_user(
    user: User, membership_id: int | None = None, *, second_factor_at: datetime | None = None
) -> Actor:
    memberships = list(user.active_memberships().order_by("id"))
    chosen = next((m for m in memberships if m.pk == membership_id), None)
    if chosen is None and memberships:
        chosen = memberships[0]
    return Actor(
        user=user,
        membership=chosen,
        second_factor_at=second_factor_at,
        memberships=tuple(memberships),
    )


def actor_for_membership(membership: Membership) -> Actor:
    return Actor(user=membership.user, membership=membership)


def request_actor(request: HttpRequest) -> Actor:
    """The actor of an HTML or API request. API tokens act as exactly the membership they name."""
    from palermo.accounts.models import ApiToken

    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiToken):
        return actor_for_membership(auth.membership)
    actor = getattr(request, "actor", None)
    if isinstance(actor, Actor):
        return actor
    user = request.user
    membership_id = (
        request.session.get(SESSION_MEMBERSHIP_KEY) if hasattr(request, "session") else None
    )
    return actor_for_user(user, membership_id)  # type: ignore[arg-type]
