"""Who may review shredding lists and produce a person's own file (DESIGN.md rule 2).

A national administrator approves destruction; the lists name records by number only, but still
answer like "not found" to everyone else.
"""

from __future__ import annotations

from django.db.models import QuerySet

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.core.access import get_or_404
from palermo.lifecycle.models import CorrectionRequest, ShredBatch
from palermo.people.access import persons_for
from palermo.people.models import Person


def can_review_shredding(actor: Actor) -> bool:
    return actor.can(Cap.DATA_SHRED)


def shred_batches_for(actor: Actor) -> QuerySet[ShredBatch]:
    if not can_review_shredding(actor):
        return ShredBatch.objects.none()
    return ShredBatch.objects.select_related("decided_by")


def access_shred_batch(actor: Actor, batch_id: object) -> ShredBatch:
    return get_or_404(shred_batches_for(actor), pk=batch_id)


def can_produce_subject_file(actor: Actor) -> bool:
    return actor.can(Cap.SUBJECT_ACCESS) and actor.can(Cap.IDENTITY_VIEW)


def subject_persons_for(actor: Actor) -> QuerySet[Person]:
    """Persons whose own file the actor may produce: every person the actor may see."""
    if not can_produce_subject_file(actor):
        return Person.objects.none()
    return persons_for(actor)


def access_subject_person(actor: Actor, person_id: object) -> Person:
    return get_or_404(subject_persons_for(actor), pk=person_id)


def access_correction_request(actor: Actor, request_id: object) -> CorrectionRequest:
    return get_or_404(
        CorrectionRequest.objects.filter(person__in=subject_persons_for(actor)), pk=request_id
    )
