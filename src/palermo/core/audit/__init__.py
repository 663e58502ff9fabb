"""The audit log: an append-only record of every write and every identity read, sealed in
signed Merkle batches.

Public API (see docs/audit.md):

* :func:`record` appends one event inside the caller's transaction, without waiting for others;
* :func:`seal_pending` seals the committed events (the background worker calls it);
* :func:`verify_chain` proves that no sealed event was edited, removed, reordered or inserted;
* :func:`events_for` / :func:`events_for_object` give an object's timeline.
"""

from __future__ import annotations

from django.db import models

from palermo.core.audit.hashing import AuditDataError, canonical_json, compute_hash, merkle_root
from palermo.core.audit.sealing import seal_pending
from palermo.core.audit.verify import ChainAnchor, ChainProblem, ChainReport, verify_chain
from palermo.core.audit.writer import ActorRef, AuditActor, AuditChainError, record
from palermo.core.models import (
    GENESIS_HASH,
    AuditError,
    AuditEvent,
    AuditEventQuerySet,
    AuditImmutableError,
    AuditSeal,
)


def events_for(object_type: str, object_id: str | int) -> AuditEventQuerySet:
    """The audit timeline of one object ("cases.case", 42), oldest first.

    Callers decide who may read it: the log itself applies no access rules.
    """
    return AuditEvent.objects.for_object(object_type, object_id)


def events_for_object(obj: models.Model) -> AuditEventQuerySet:
    return events_for(obj._meta.label_lower, str(obj.pk))


__all__ = [
    "GENESIS_HASH",
    "ActorRef",
    "AuditActor",
    "AuditChainError",
    "AuditDataError",
    "AuditError",
    "AuditEvent",
    "AuditImmutableError",
    "AuditSeal",
    "ChainAnchor",
    "ChainProblem",
    "ChainReport",
    "canonical_json",
    "compute_hash",
    "events_for",
    "events_for_object",
    "merkle_root",
    "record",
    "seal_pending",
    "verify_chain",
]
