"""Verification of the sealed audit log: which event was edited, removed, reordered or inserted.

One pass streams the seals in number order and the events in seal order ((txid, seq): see
sealing.py) side by side, so memory stays flat however long the log is. For each seal:

* its number follows the previous one, its ``prev_head`` is the previous head, its fields give
  its head, the head carries a valid signature of a trusted key, its leaves give its Merkle root
  -> otherwise the seal was removed, edited or forged ("seal");
* the events in its range are exactly its leaves: an event whose content no longer gives its
  leaf hash was "edited" (or "reordered" when it gives another leaf of the batch), a leaf without
  its event was "removed", an event without a leaf was "inserted".

Events after the newest seal are the unsealed tail: reported, not judged. Anchors exported
earlier (``--expect-head NUMBER:HEAD``) must still be there with the same head ("head").
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from django.db import connections, router, transaction

from palermo.core.audit.hashing import HASHED_FIELDS, compute_hash, merkle_root, seal_head
from palermo.core.audit.signing import SealKeys, seal_keys
from palermo.core.models import GENESIS_HASH, AuditEvent, AuditSeal

ProblemKind = Literal["edited", "removed", "reordered", "inserted", "seal", "head"]

_ANCHOR_RE = re.compile(r"(\d+):([0-9a-f]{64})")
_SEAL_COLUMNS = (
    "number",
    "sealed_at",
    "size",
    "tree_size",
    "last_txid",
    "last_seq",
    "leaves",
    "root",
    "prev_head",
    "head",
    "key_id",
    "signature",
)
_TXID = HASHED_FIELDS.index("txid")


@dataclass(frozen=True)
class ChainProblem:
    seq: int  # the event concerned (for a seal: its first event, or 0)
    kind: ProblemKind
    message: str
    seal: int | None = None

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ChainAnchor:
    """A seal's (number, head) kept outside the database, written ``NUMBER:HEAD``."""

    seq: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> ChainAnchor:
        match = _ANCHOR_RE.fullmatch(text.strip().lower())
        if not match:
            raise ValueError(
                f"{text!r} is not an anchor: expected NUMBER:HEAD, e.g. 12:<64 hex digits>"
            )
        return cls(seq=int(match.group(1)), hash=match.group(2))

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"


@dataclass
class ChainReport:
    checked: int  # events read
    problems: list[ChainProblem]
    # The newest seal: what an operator anchors elsewhere (see --print-head).
    head: ChainAnchor
    sealed: int = 0
    unsealed: int = 0
    unsealed_since: datetime | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_bad_seq(self) -> int | None:
        return min((p.seq for p in self.problems), default=None)


def verify_chain(
    batch_size: int = 2000,
    *,
    anchors: Iterable[ChainAnchor] = (),
    using: str | None = None,
    keys: SealKeys | None = None,
) -> ChainReport:
    """Check every seal and every event, and report every problem found, in event order."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    db = using or router.db_for_read(AuditEvent)
    scan = _Scan(keys or seal_keys(), {a.seq: a.hash for a in anchors})
    with _snapshot(db):
        # Seals first: an event committed after this read is at worst counted as unsealed.
        seals = iter(
            AuditSeal.objects.using(db)
            .order_by("number")
            .values_list(*_SEAL_COLUMNS)
            .iterator(chunk_size=max(1, batch_size // 100))
        )
        first_seal = next(seals, None)
        events = _Peekable(
            AuditEvent.objects.using(db)
            .in_seal_order()
            .values_list(*HASHED_FIELDS)
            .iterator(chunk_size=batch_size)
        )
        for row in _chain(first_seal, seals):
            scan.check_seal(dict(zip(_SEAL_COLUMNS, row, strict=True)), events)
        scan.tail(events)
    scan.missing_anchors()
    scan.problems.sort(key=lambda p: (p.seq, p.seal or 0, p.kind))
    return ChainReport(
        checked=scan.checked,
        problems=scan.problems,
        head=ChainAnchor(scan.last_number, scan.last_head),
        sealed=scan.sealed,
        unsealed=scan.unsealed,
        unsealed_since=scan.unsealed_since,
    )


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    if first is not None:
        yield first
        yield from rest


def _snapshot(db: str) -> contextlib.AbstractContextManager[Any]:
    # On PostgreSQL a transaction keeps the server-side cursors streaming (without one Django
    # materialises the whole result WITH HOLD). On SQLite a transaction would take the write lock.
    if connections[db].vendor == "postgresql":
        return transaction.atomic(using=db)
    return contextlib.nullcontext()


class _Peekable:
    def __init__(self, rows: Iterator[tuple[Any, ...]]) -> None:
        self._rows = rows
        self._next: tuple[Any, ...] | None = next(rows, None)

    def take_until(self, txid: int, seq: int) -> Iterator[tuple[Any, ...]]:
        while self._next is not None and (self._next[_TXID], self._next[0]) <= (txid, seq):
            row, self._next = self._next, next(self._rows, None)
            yield row

    def rest(self) -> Iterator[tuple[Any, ...]]:
        while self._next is not None:
            row, self._next = self._next, next(self._rows, None)
            yield row


def _leaf_of(fields: dict[str, Any], seq: int) -> str | None:
    try:
        return compute_hash({**fields, "seq": seq})
    except (TypeError, ValueError, AttributeError, OverflowError):
        return None  # a value no writer produces (e.g. a naive timestamp): not intact


def _span(seqs: list[int]) -> str:
    return f"event #{seqs[0]}" if len(seqs) == 1 else "events " + ", ".join(f"#{s}" for s in seqs)


class _Scan:
    def __init__(self, keys: SealKeys, anchors: dict[int, str]) -> None:
        self.keys = keys
        self.anchors = anchors
        self.problems: list[ChainProblem] = []
        self.checked = 0
        self.sealed = 0
        self.unsealed = 0
        self.unsealed_since: datetime | None = None
        self.last_number = 0
        self.last_head = GENESIS_HASH
        self.last_tree_size = 0

    def check_seal(self, seal: dict[str, Any], events: _Peekable) -> None:
        number = seal["number"]
        leaves = self._leaves(seal)
        first_seq = leaves[0][0] if leaves else 0
        seal_ok = self._seal_fields(seal, number, leaves, first_seq)
        rows = list(events.take_until(seal["last_txid"], seal["last_seq"]))
        self.checked += len(rows)
        self._events(number, leaves, rows, trust_leaves=seal_ok)
        self.sealed += len(rows)
        self.last_number, self.last_head = number, seal["head"]
        self.last_tree_size = seal["tree_size"]

    def _leaves(self, seal: dict[str, Any]) -> list[tuple[int, str]]:
        try:
            return [(int(seq), str(leaf)) for seq, leaf in seal["leaves"]]
        except (TypeError, ValueError):
            return []

    def _problem(self, seq: int, kind: ProblemKind, message: str, seal: int | None = None) -> None:
        self.problems.append(ChainProblem(seq, kind, message, seal))

    def _seal_fields(
        self, seal: dict[str, Any], number: int, leaves: list[tuple[int, str]], first_seq: int
    ) -> bool:
        ok = True
        expected = self.last_number + 1
        if number != expected:
            missing = f"#{expected}" if number == expected + 1 else f"#{expected} to #{number - 1}"
            self._problem(first_seq, "removed", f"seal {missing} is missing (removed)", expected)
        elif seal["prev_head"] != self.last_head:
            ok = False
            self._problem(
                first_seq,
                "seal",
                f"seal #{number} does not follow seal #{self.last_number}: a seal was replaced "
                "or forged",
                number,
            )
        try:
            head = seal_head(seal)
        except (TypeError, ValueError, AttributeError):
            head = ""
        if head != seal["head"]:
            ok = False
            self._problem(
                first_seq,
                "seal",
                f"seal #{number} was edited: its fields no longer give its head",
                number,
            )
        elif not self.keys.signature_ok(seal["head"], seal["signature"], seal["key_id"]):
            ok = False
            self._problem(
                first_seq,
                "seal",
                f"seal #{number} has no valid signature of a trusted key: it was forged",
                number,
            )
        if merkle_root([leaf for _, leaf in leaves]) != seal["root"] or len(leaves) != seal["size"]:
            ok = False
            self._problem(
                first_seq,
                "seal",
                f"seal #{number}'s list of events was edited: it no longer gives the signed "
                "Merkle root",
                number,
            )
        if number == expected and seal["tree_size"] != self.last_tree_size + seal["size"]:
            ok = False
            self._problem(first_seq, "seal", f"seal #{number} miscounts the events sealed", number)
        anchored = self.anchors.pop(number, None)
        if anchored is not None and anchored != seal["head"]:
            self._problem(
                first_seq,
                "head",
                f"seal #{number} no longer has the anchored head {anchored[:12]}…: the log was "
                "rewritten up to this point",
                number,
            )
        return ok

    def _events(
        self,
        number: int,
        leaves: list[tuple[int, str]],
        rows: list[tuple[Any, ...]],
        *,
        trust_leaves: bool,
    ) -> None:
        leaf_of_seq = dict(leaves)
        failed: dict[int, dict[str, Any]] = {}
        seen: set[int] = set()
        inserted: list[int] = []
        for row in rows:
            fields = dict(zip(HASHED_FIELDS, row, strict=True))
            seq = fields["seq"]
            seen.add(seq)
            expected = leaf_of_seq.get(seq)
            if expected is None:
                inserted.append(seq)
            elif _leaf_of(fields, seq) != expected:
                failed[seq] = fields
        missing = [seq for seq, _ in leaves if seq not in seen]
        moved = self._moves(failed, set(failed) | set(missing), leaf_of_seq)
        origins = set(moved.values())
        edited = sorted(seq for seq in failed if seq not in moved)
        if edited:
            verb = "was" if len(edited) == 1 else "were"
            self._problem(
                edited[0],
                "edited",
                f"{_span(edited)} {verb} edited: the content no longer matches seal #{number}",
                number,
            )
        self._report_moves(moved, number)
        removed = [seq for seq in missing if seq not in origins]
        if removed:
            verb = "is" if len(removed) == 1 else "are"
            self._problem(
                removed[0], "removed", f"{_span(removed)} {verb} missing (removed)", number
            )
        if inserted:
            verb = "was" if len(inserted) == 1 else "were"
            reason = "it is not among the events of seal" if trust_leaves else "not covered by seal"
            self._problem(
                inserted[0], "inserted", f"{_span(inserted)} {verb} inserted: {reason} #{number}"
            )

    def _moves(
        self, failed: dict[int, dict[str, Any]], candidates: set[int], leaf_of_seq: dict[int, str]
    ) -> dict[int, int]:
        """Failed events whose content gives another leaf of the batch: position -> origin."""
        moved: dict[int, int] = {}
        for seq, fields in failed.items():
            for origin in sorted(candidates - {seq}):
                if _leaf_of(fields, origin) == leaf_of_seq.get(origin):
                    moved[seq] = origin
                    break
        return moved

    def _report_moves(self, moved: dict[int, int], number: int) -> None:
        for seq, origin in sorted(moved.items()):
            if moved.get(origin) == seq:
                if seq < origin:
                    self._problem(
                        seq,
                        "reordered",
                        f"events #{seq} and #{origin} are out of order: their places were swapped",
                        number,
                    )
                continue
            self._problem(
                seq,
                "reordered",
                f"event #{origin} is out of order: its content was moved to #{seq}",
                number,
            )

    def tail(self, events: _Peekable) -> None:
        occurred = HASHED_FIELDS.index("occurred_at")
        for row in events.rest():
            self.checked += 1
            self.unsealed += 1
            if self.unsealed_since is None or row[occurred] < self.unsealed_since:
                self.unsealed_since = row[occurred]

    def missing_anchors(self) -> None:
        for number, anchored in sorted(self.anchors.items()):
            if number == 0 and anchored == GENESIS_HASH:
                continue  # the anchor of the empty log holds for every log
            self._problem(
                0,
                "head",
                f"the anchored seal #{number} is missing: the log was cut back (truncated) or "
                f"rewritten; the newest seal is #{self.last_number}",
                number,
            )
