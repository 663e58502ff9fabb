"""Cases as the people app asks for them: its duplicate checks and its merges of persons.

Registered with palermo.people._cases at start-up (CasesConfig.ready), so that people, which the
cases app builds on, never imports cases nor writes case rows itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F, QuerySet

from palermo.accounts.actor import Actor
from palermo.cases import access
from palermo.cases.models import Case
from palermo.people.models import Person


def move_cases_to_person(*, case_ids: Iterable[int], person: Person) -> None:
    """Gives these cases to ``person``; the caller (a merge) holds the lock and audits.

    The version bump makes an edit that was opened on the old person fail instead of writing the
    other person's identity over this one's.
    """
    Case.objects.filter(pk__in=list(case_ids)).update(person=person, version=F("version") + 1)


class CaseRecordsForPeople:
    """palermo.people._cases.CaseRecords, answered by this app."""

    def cases_for(self, actor: Actor) -> QuerySet[Case]:
        return access.cases_for(actor)

    def visible_parts(self, actor: Actor, case: Any) -> frozenset[str]:
        return access.visible_parts(actor, case)

    def holders(self, person_ids: Iterable[int]) -> Iterable[tuple[int, int]]:
        return Case.objects.filter(person_id__in=list(person_ids)).values_list(
            "person_id", "owning_agency_id"
        )

    def lock_cases(
        self, *, person_id: int | None = None, case_ids: Iterable[int] | None = None
    ) -> list[Case]:
        cases = Case.objects.select_for_update()
        if person_id is not None:
            cases = cases.filter(person_id=person_id)
        if case_ids is not None:
            cases = cases.filter(pk__in=list(case_ids))
        return list(cases.order_by("pk"))

    def move_cases(self, case_ids: Iterable[int], to_person: Person) -> None:
        move_cases_to_person(case_ids=case_ids, person=to_person)
