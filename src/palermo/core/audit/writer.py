"""Appending to the audit log: ``record()``, called by every service in its own transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import models, router, transaction
from django.utils import timezone

from palermo.core.audit.hashing import (
    AuditDataError,
    clean_data,
    clean_text,
    compute_hash,
    event_fields,
)
from palermo.core.models import AuditChainHead, AuditError, AuditEvent

# "case.registered", "person.identity_viewed", "auth.login_failed": lower-case dotted words.
_ACTION_RE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")


class AuditChainError(AuditError):
    """The chain is in a state in which appending would hide tampering; nothing was written."""


class AgencyLike(Protocol):
    @property
    def pk(self) -> Any: ...


class AuditActor(Protocol):
    """Who acts: the accounts app's ``Actor`` fits, and so does :class:`ActorRef`.

    ``user`` is a Django user (an anonymous user counts as nobody) or None; ``agency`` is the
    agency the user acts for (its ``pk`` and ``str()`` are recorded) or None.
    """

    @property
    def user(self) -> Any: ...

    @property
    def agency(self) -> AgencyLike | None: ...


@dataclass(frozen=True)
class ActorRef:
    """A minimal actor for code that has a user (and maybe an agency) but no accounts Actor."""

    user: Any = None
    agency: AgencyLike | None = None


def record(
    action: str,
    *,
    actor: AuditActor | None = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    purpose: str = "",
    data: dict[str, Any] | None = None,
    using: str | None = None,
) -> AuditEvent:
    """Append one event to the audit log, inside the caller's transaction.

    ``actor=None`` means the system itself (a command, a scheduled task, an anonymous request).
    ``obj`` names the object; alternatively give ``object_type`` ("cases.case") and
    ``object_id``. ``data`` holds changed field names and non-identifying values: never identity
    data in plain text. If the caller's transaction rolls back, the event goes with it.

    Call it as the last step of a service: the chain head stays locked until the caller's
    transaction ends, so later row locks taken in the same transaction could deadlock with
    other writers.
    """
    action = _clean_action(action)
    object_type, object_id = _object_ref(obj, object_type, object_id)
    purpose = clean_text("purpose", purpose, _max_length("purpose"))
    cleaned_data = clean_data(data)
    snapshot = _actor_snapshot(actor)
    db = using or router.db_for_write(AuditEvent)

    # A savepoint within the caller's transaction (or a transaction of its own): the event, the
    # head and the caller's change are committed or rolled back together.
    with transaction.atomic(using=db):
        head = _lock_head(db)
        event = AuditEvent(
            seq=head.last_seq + 1,
            # Taken after the lock, so that timestamps follow the sequence on one clock.
            occurred_at=timezone.now(),
            action=action,
            object_type=object_type,
            object_id=object_id,
            purpose=purpose,
            data=cleaned_data,
            prev_hash=head.last_hash,
            **snapshot,
        )
        event.hash = compute_hash(event_fields(event))
        event._insert_sealed(using=db)
        head.last_seq = event.seq
        head.last_hash = event.hash
        head.save(using=db, update_fields=["last_seq", "last_hash"])
    return event


def _lock_head(db: str) -> AuditChainHead:
    # SELECT ... FOR UPDATE: on PostgreSQL a concurrent writer waits here until this
    # transaction ends, then reads the head this one wrote. (SQLite serialises writers anyway.)
    head, created = AuditChainHead.objects.using(db).select_for_update().get_or_create(pk=1)
    if created and AuditEvent.objects.using(db).exists():
        # The head row was deleted: starting a new head would hide removed newest events.
        raise AuditChainError(
            "The audit chain head is missing although audit events exist: the log may have "
            "been tampered with. Nothing was recorded. Run `palermo audit verify`."
        )
    return head


def _clean_action(action: str) -> str:
    action = clean_text("action", action, _max_length("action"))
    if not _ACTION_RE.fullmatch(action):
        raise AuditDataError(
            f"action {action!r} must be lower-case dotted words, e.g. 'case.registered'"
        )
    return action


def _object_ref(
    obj: models.Model | None, object_type: str, object_id: str | int
) -> tuple[str, str]:
    if obj is not None:
        if object_type or object_id != "":
            raise AuditDataError("give either obj or object_type/object_id, not both")
        if obj.pk is None:
            raise AuditDataError(f"the {obj._meta.label} has no primary key yet: save it first")
        object_type, object_id = obj._meta.label_lower, str(obj.pk)
    object_id = str(object_id) if isinstance(object_id, int) else object_id
    if object_id and not object_type:
        raise AuditDataError("object_id needs an object_type (e.g. 'cases.case')")
    return (
        clean_text("object_type", object_type, _max_length("object_type")),
        clean_text("object_id", object_id, _max_length("object_id")),
    )


def _actor_snapshot(actor: AuditActor | None) -> dict[str, Any]:
    snapshot: dict[str, Any] = {
        "actor_user_id": None,
        "actor_username": "",
        "agency_id": None,
        "agency_name": "",
    }
    if actor is None:
        return snapshot
    if not hasattr(actor, "user") or not hasattr(actor, "agency"):
        raise TypeError(
            f"actor must have .user and .agency (an accounts Actor or an ActorRef), "
            f"not {type(actor).__name__}; pass actor=None for the system"
        )
    user = actor.user
    if user is not None and getattr(user, "is_authenticated", False) and user.pk is not None:
        snapshot["actor_user_id"] = int(user.pk)
        snapshot["actor_username"] = _snapshot_text("actor_username", user.get_username())
    agency = actor.agency
    if agency is not None:
        snapshot["agency_id"] = None if agency.pk is None else int(agency.pk)
        snapshot["agency_name"] = _snapshot_text("agency_name", str(agency))
    return snapshot


def _snapshot_text(name: str, value: str) -> str:
    # Snapshots are cut to fit rather than refused: a long name must not block the action.
    return clean_text(name, value[: _max_length(name)], _max_length(name))


def _max_length(name: str) -> int:
    # Every text column of the log has a max_length; 0 would refuse any text (fail closed).
    return getattr(AuditEvent._meta.get_field(name), "max_length", None) or 0
