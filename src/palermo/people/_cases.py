"""What the people app needs from the cases app, asked through one registered port.

A case belongs to a person, so the cases app builds on people and people does not import it.
What people needs of cases — which cases an actor sees, which parts of them, who holds a case of
a person, and moving cases between persons when persons are merged — is declared here as
:class:`CaseRecords`; the cases app registers its implementation at start-up
(``CasesConfig.ready`` calls :func:`register_case_records`). People never writes a case row
itself: a merge asks the cases app's own service to move the cases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from palermo.accounts.actor import Actor
    from palermo.people.models import Person


class CaseRow(Protocol):
    """The little people reads of a case."""

    pk: Any
    person_id: Any
    reference: str


class CaseRecords(Protocol):
    def cases_for(self, actor: Actor) -> QuerySet[Any]:
        """The cases this actor may see (cases.access.cases_for)."""

    def visible_parts(self, actor: Actor, case: Any) -> frozenset[str]:
        """Which parts of the case file the actor sees (cases.access.visible_parts)."""

    def holders(self, person_ids: Iterable[int]) -> Iterable[tuple[int, int]]:
        """(person id, owning agency id) of every case of these persons."""

    def lock_cases(
        self, *, person_id: int | None = None, case_ids: Iterable[int] | None = None
    ) -> Sequence[CaseRow]:
        """The cases of a person, or these cases, locked for update, in id order."""

    def move_cases(self, case_ids: Iterable[int], to_person: Person) -> None:
        """Gives these cases to another person (within the caller's transaction)."""


_records: CaseRecords | None = None


def register_case_records(records: CaseRecords) -> None:
    global _records  # one implementation per process, set at start-up
    _records = records


def case_records() -> CaseRecords:
    if _records is None:
        raise ImproperlyConfigured(
            "No case records are registered: palermo.cases must be in INSTALLED_APPS."
        )
    return _records


def cases_for(actor: Actor) -> QuerySet[Any]:
    """cases.access.cases_for: the cases this actor may see."""
    return case_records().cases_for(actor)


def visible_parts(actor: Actor, case: Any) -> frozenset[str]:
    """cases.access.visible_parts: which parts of the case file the actor sees."""
    return case_records().visible_parts(actor, case)
