"""Read-side helpers shared by the HTML views and the API."""

from __future__ import annotations

import re

from django.db.models import QuerySet

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.cases.access import can_see_identity, cases_for, with_visibility
from palermo.cases.models import Case
from palermo.people.services import person_ids_matching_name

_REFERENCE = re.compile(r"^[A-Z]{2,5}-\d{4}-\d{1,6}(/\d+)?$", re.IGNORECASE)


def search_cases(actor: Actor, query: str = "", status: str = "") -> QuerySet[Case]:
    """The actor's cases matching a reference number or every word of a name."""
    qs = with_visibility(actor, cases_for(actor).prefetch_related("exploitation_forms"))
    query = " ".join(query.split())
    if status:
        qs = qs.filter(trafficking_status=status)
    if not query:
        return qs
    if _REFERENCE.match(query):
        # Exact matches only: they use the unique indexes (a LIKE prefix scan does not on SQLite).
        reference = query.upper()
        if "/" in reference:
            return qs.filter(reference=reference)
        return qs.filter(person__reference=reference)
    if not can_see_identity(actor):
        # Searching by name would reveal whether a name is in the system.
        return qs.none()
    ids = person_ids_matching_name(query)
    if ids is None:
        return qs.none()
    if not actor.can(Cap.CASE_VIEW_NATIONAL):
        # Only the agency's own cases are found by name: a referred case whose referral does not
        # share the identity must not be found by the name it hides.
        qs = qs.filter(owning_agency=actor.agency)
    return qs.filter(person_id__in=ids)
