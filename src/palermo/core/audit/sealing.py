"""Sealing: chaining committed audit events into signed Merkle batches, in a fixed order.

Events are sealed in (txid, seq) order: by the id of the transaction that wrote them, then by
number. A seal may only cover events that can no longer be joined by an event that sorts before
them, or that event would be skipped. So each seal stops at a *safe bound*:

* PostgreSQL: every transaction id below the smallest id still running in this database (and
  below the next id to be handed out) belongs to a finished transaction, whose events are all
  visible now. Events of the sealer's own transaction are sealable too when it is the oldest
  running one (its later events sort after them). See docs/audit.md.
* SQLite: writers commit one after another, holding the database's write lock from their first
  write to their commit, so an event not yet visible always gets a higher number than every
  visible one: every visible event is safe.

Only the sealer takes a lock (a PostgreSQL advisory lock, SQLite's write lock); requests that
append events never wait for it.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections, router, transaction
from django.db.models import Q
from django.utils import timezone

from palermo.core.audit.hashing import HASHED_FIELDS, compute_hash, merkle_root, seal_head
from palermo.core.audit.signing import seal_keys
from palermo.core.models import GENESIS_HASH, AuditEvent, AuditSeal

# Any 64-bit number, the same in every process: the lock that lets one sealer run at a time.
_SEALER_LOCK = 0x5A1E_A0D1_7000_0001 - (1 << 63)
logger = logging.getLogger(__name__)
_last_seal_on_commit = 0.0
_seal_on_commit_lock = threading.Lock()


@dataclass(frozen=True)
class SealBound:
    """Events with txid < ``below`` are sealable, and those of ``own_txid`` when it is set."""

    below: int | None  # None: no bound (SQLite)
    own_txid: int | None = None


def seal_pending(
    *, max_events: int | None = None, max_seals: int | None = None, using: str | None = None
) -> list[AuditSeal]:
    """Seal every sealable event, in batches of at most ``max_events``; return the new seals.

    Returns at once (nothing sealed) when another sealer holds the lock.
    """
    batch = max_events or settings.PALERMO_AUDIT_SEAL_BATCH
    db = using or router.db_for_write(AuditEvent)
    sealed: list[AuditSeal] = []
    while max_seals is None or len(sealed) < max_seals:
        with transaction.atomic(using=db):
            if not _try_sealer_lock(db):
                break
            seal = _seal_one_batch(db, batch)
        if seal is None:
            break
        sealed.append(seal)
    return sealed


def _seal_one_batch(db: str, batch: int) -> AuditSeal | None:
    previous = AuditSeal.objects.using(db).order_by("-number").first()
    bound = _safe_bound(db)
    events = AuditEvent.objects.using(db).in_seal_order()
    if previous is not None:
        events = events.filter(
            Q(txid__gt=previous.last_txid) | Q(txid=previous.last_txid, seq__gt=previous.last_seq)
        )
    if bound.below is not None:
        sealable = Q(txid__lt=bound.below)
        if bound.own_txid is not None:
            sealable |= Q(txid=bound.own_txid)
        events = events.filter(sealable)
    rows = list(events.values_list(*HASHED_FIELDS)[:batch])
    if not rows:
        return None
    leaves = [[row[0], compute_hash(dict(zip(HASHED_FIELDS, row, strict=True)))] for row in rows]
    keys = seal_keys()
    seal = AuditSeal(
        number=previous.number + 1 if previous else 1,
        sealed_at=timezone.now(),
        size=len(leaves),
        tree_size=(previous.tree_size if previous else 0) + len(leaves),
        last_txid=rows[-1][HASHED_FIELDS.index("txid")],
        last_seq=rows[-1][0],
        leaves=leaves,
        root=merkle_root([leaf for _, leaf in leaves]),
        prev_head=previous.head if previous else GENESIS_HASH,
        key_id=keys.signing_key_id,
    )
    seal.head = seal_head(seal.__dict__)
    seal.signature = keys.sign(seal.head)
    seal._append(using=db)
    return seal


def _try_sealer_lock(db: str) -> bool:
    connection = connections[db]
    if connection.vendor != "postgresql":
        return True  # SQLite: the seal's INSERT takes the database's one write lock
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_SEALER_LOCK])
        row = cursor.fetchone()
    return bool(row and row[0])


def _safe_bound(db: str) -> SealBound:
    connection = connections[db]
    if connection.vendor != "postgresql":
        return SealBound(below=None)
    with connection.cursor() as cursor:
        # The sealer's own transaction id first (the seal's INSERT needs one anyway): every id
        # below it was handed out before, so if its transaction is still running, the look-up
        # that follows finds it. Ids of other databases do not matter.
        cursor.execute("SELECT pg_current_xact_id()::text::bigint")
        own = int(cursor.fetchone()[0])
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # fresh activity, not this xact's copy
        cursor.execute(
            "SELECT backend_xid::text::bigint FROM pg_stat_activity "
            "WHERE datname = current_database() AND backend_xid IS NOT NULL "
            "AND pid <> pg_backend_pid() "
            "UNION ALL SELECT transaction::text::bigint FROM pg_prepared_xacts "
            "WHERE database = current_database()"
        )
        running = [_widen(int(xid), own) for (xid,) in cursor.fetchall()]
    oldest_other = min(running, default=None)
    if oldest_other is None or own < oldest_other:
        # Every older transaction has finished. This transaction's own events are sealable
        # too: the ones it writes later get higher numbers, so they sort after them.
        return SealBound(below=own, own_txid=own)
    return SealBound(below=oldest_other)


def _widen(xid32: int, near: int) -> int:
    """The 64-bit id of a 32-bit id from pg_stat_activity, which is within 2^31 of ``near``."""
    delta = (xid32 - near) % (1 << 32)
    if delta >= 1 << 31:
        delta -= 1 << 32
    return near + delta


def request_seal_on_commit(db: str) -> None:
    """After the current transaction commits, seal what is pending — at most once per interval
    per process, so that under load the worker does the sealing and requests stay short."""
    interval = settings.PALERMO_AUDIT_SEAL_ON_COMMIT_INTERVAL
    global _last_seal_on_commit
    with _seal_on_commit_lock:
        now = time.monotonic()
        if now - _last_seal_on_commit < interval:
            return
        _last_seal_on_commit = now
    transaction.on_commit(lambda: _seal_after_commit(db), using=db)


def _seal_after_commit(db: str) -> None:
    # The request's own work is committed and done: a failure here (say, SQLite busy) must not
    # turn it into an error page. The worker seals what was left.
    try:
        seal_pending(max_seals=1, using=db)
    except DatabaseError:
        logger.warning("sealing after commit failed; the worker will seal", exc_info=True)
