"""Appending to the audit log: ``record()``, called by every service in its own transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.db import connections, models, router
from django.db.models.expressions import RawSQL
from django.utils import timezone

from palermo.core.audit.hashing import (
    AuditDataError,
    clean_data,
    clean_text,
)
from palermo.core.audit.sealing import request_seal_on_commit
from palermo.core.models import AuditError, AuditEvent

# "case.registered", "person.identity_viewed", "auth.login_failed": lower-case dotted words.
_ACTION_RE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")


class AuditChainError(AuditError):
    """The log is in a state in which sealing would hide tampering; nothing was sealed."""


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

    The append is one INSERT and waits for no other request: no row is locked. The sealer
    chains the event into a signed batch once its transaction has committed (docs/audit.md).
    """
    action = _clean_action(action)
    object_type, object_id = _object_ref(obj, object_type, object_id)
    purpose = clean_text("purpose", purpose, _max_length("purpose"))
    cleaned_data = clean_data(data)
    snapshot = _actor_snapshot(actor)
    db = using or router.db_for_write(AuditEvent)

    event = AuditEvent(
        occurred_at=timezone.now(),
        action=action,
        object_type=object_type,
        object_id=object_id,
        purpose=purpose,
        data=cleaned_data,
        **snapshot,
    )
    postgres = connections[db].vendor == "postgresql"
    if postgres:
        # The writing transaction's 64-bit id, filled in by the database within the INSERT.
        event.txid = RawSQL("pg_current_xact_id()::text::bigint", ())
    event._append(using=db)  # the INSERT returns seq and txid
    if settings.PALERMO_AUDIT_SEAL_ON_COMMIT:
        request_seal_on_commit(db)
    return event


def current_txid(db: str) -> int:
    """The current transaction's id on PostgreSQL (assigning one if needed); 0 elsewhere."""
    connection = connections[db]
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()::text::bigint")
        row = cursor.fetchone()
    return int(row[0])


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
