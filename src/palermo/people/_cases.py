"""What duplicate detection needs from the cases app, imported when called.

The cases app imports people at module level (a Case belongs to a Person); importing it back at
module level from people would make an import cycle at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import Manager, QuerySet

    from palermo.accounts.actor import Actor
    from palermo.cases.models import Case


def case_manager() -> Manager[Case]:
    """cases.Case.objects (every case: callers scope it themselves)."""
    from palermo.cases.models import Case

    return Case.objects


def cases_for(actor: Actor) -> QuerySet[Case]:
    """cases.access.cases_for: the cases this actor may see."""
    from palermo.cases.access import cases_for as scope

    return scope(actor)


def visible_parts(actor: Actor, case: Case) -> frozenset[str]:
    """cases.access.visible_parts: which parts of the case file the actor sees."""
    from palermo.cases.access import visible_parts as parts

    return parts(actor, case)
