"""The registries' capabilities, in one place.

Which roles hold them is decided in ``accounts/roles.py``.
"""

from __future__ import annotations

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap

REGISTRY_MANAGE = Cap.REGISTRY_MANAGE
REGISTRY_VIEW = Cap.REGISTRY_VIEW
REGISTRY_NON_RETURN_VIEW = Cap.REGISTRY_NON_RETURN_VIEW
ADVERT_REVIEW = Cap.ADVERT_REVIEW


def can(actor: Actor, capability: str) -> bool:
    role = actor.role
    if role is None:
        return False
    # Cap is a StrEnum: a string constant equals the enum member of the same value.
    return capability in role.capabilities


def can_manage(actor: Actor) -> bool:
    return can(actor, REGISTRY_MANAGE)


def can_view(actor: Actor) -> bool:
    return can(actor, REGISTRY_VIEW) or can(actor, REGISTRY_MANAGE)
