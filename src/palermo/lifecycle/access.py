"""Who may review shredding lists and produce a person's own file (DESIGN.md rule 2).

A national administrator approves destruction; the lists name records by number only, but still
answer like "not found" to everyone else.
"""

from __future__ import annotations

from django.db.models import QuerySet

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.core.access import get_or_404
from palermo.lifecycle.models import ShredBatch


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
