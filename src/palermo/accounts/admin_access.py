"""Who may administer which users, memberships and agencies.

The national administrator (``users.manage_national``) manages everyone; an agency administrator
(``users.manage_agency``) manages the users who hold a membership of their own agency, and only
those memberships. Anything outside the scope answers 404, like everywhere else.
"""

from __future__ import annotations

from django.db.models import QuerySet

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency, Membership, User
from palermo.accounts.roles import Cap, Role, grantable_roles
from palermo.core.access import deny, get_or_404


def is_administrator(actor: Actor) -> bool:
    return actor.can_any(Cap.USERS_MANAGE_NATIONAL, Cap.USERS_MANAGE_AGENCY)


def is_national_administrator(actor: Actor) -> bool:
    return actor.can(Cap.USERS_MANAGE_NATIONAL)


def require_administrator(actor: Actor) -> None:
    if not is_administrator(actor):
        raise deny()


def users_for(actor: Actor) -> QuerySet[User]:
    if is_national_administrator(actor):
        return User.objects.all()
    if actor.can(Cap.USERS_MANAGE_AGENCY) and actor.agency is not None:
        return User.objects.filter(memberships__agency=actor.agency).distinct()
    return User.objects.none()


def access_user(actor: Actor, user_id: object) -> User:
    return get_or_404(users_for(actor), pk=user_id)


def memberships_for(actor: Actor) -> QuerySet[Membership]:
    if is_national_administrator(actor):
        return Membership.objects.all()
    if actor.can(Cap.USERS_MANAGE_AGENCY) and actor.agency is not None:
        return Membership.objects.filter(agency=actor.agency)
    return Membership.objects.none()


def access_membership(actor: Actor, membership_id: object) -> Membership:
    return get_or_404(memberships_for(actor).select_related("user", "agency"), pk=membership_id)


def agencies_for(actor: Actor) -> QuerySet[Agency]:
    """Agencies the actor may give memberships of (an agency administrator: their own)."""
    if is_national_administrator(actor):
        return Agency.objects.all()
    if actor.can(Cap.USERS_MANAGE_AGENCY) and actor.agency is not None:
        return Agency.objects.filter(pk=actor.agency.pk)
    return Agency.objects.none()


def access_agency(actor: Actor, agency_id: object, *, write: bool = False) -> Agency:
    """Agencies are created, edited and deactivated by the national administrator only."""
    if write and not is_national_administrator(actor):
        raise deny()
    return get_or_404(agencies_for(actor), pk=agency_id)


def may_give(actor: Actor, role_code: str) -> bool:
    return role_code in {r.code for r in grantable_roles(actor.role)}


def grantable_for(actor: Actor) -> list[Role]:
    return grantable_roles(actor.role)


def manages_whole_user(actor: Actor, user: User) -> bool:
    """Whether the actor may act on the account itself (deactivate, reset the second factor):
    every membership of the user is within the actor's scope, and none holds a role the actor
    could not give. An agency administrator cannot lock out another agency's worker."""
    if is_national_administrator(actor):
        return True
    memberships = list(user.memberships.all())
    return bool(memberships) and all(
        m.agency_id == (actor.agency.pk if actor.agency else None) and may_give(actor, m.role)
        for m in memberships
    )
