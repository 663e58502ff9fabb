"""Verification of the audit chain: which event was edited, removed, reordered or inserted.

One pass streams the events in sequence order (a server-side cursor on PostgreSQL, chunked reads
on SQLite), so memory stays flat however long the log is. Each event is checked three ways:

* its stored hash against a hash recomputed from its content -> "edited"
  (or "reordered", when the content hashes correctly at another position);
* its sequence number against the previous one -> gaps are "removed", repeats "inserted";
* its ``prev_hash`` against the previous event's hash -> a broken link.

At the end the chain head (and any anchors the operator kept elsewhere) is compared with the
newest events, which catches removal of the newest events and rows appended around the writer.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import connections, router, transaction

from palermo.core.audit.hashing import HASHED_FIELDS, compute_hash
from palermo.core.models import GENESIS_HASH, AuditChainHead, AuditEvent

ProblemKind = Literal["edited", "removed", "reordered", "inserted", "head"]

_COLUMNS = (*HASHED_FIELDS, "hash")
# Bounds on the diagnosis of a badly damaged log: every problem is still reported, but only
# this many content failures are examined for being moves, and only so many links looked up.
_MAX_EXAMINED = 200
_MAX_CANDIDATES = 1000
_MAX_LOOKUPS = 20
_ANCHOR_RE = re.compile(r"(\d+):([0-9a-f]{64})")


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    kind: ProblemKind
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ChainAnchor:
    """A (sequence number, hash) pair kept outside the database, written ``SEQ:HASH``."""

    seq: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> ChainAnchor:
        match = _ANCHOR_RE.fullmatch(text.strip().lower())
        if not match:
            raise ValueError(
                f"{text!r} is not an anchor: expected SEQ:HASH, e.g. 1234:<64 hex digits>"
            )
        return cls(seq=int(match.group(1)), hash=match.group(2))

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"


@dataclass
class ChainReport:
    checked: int
    problems: list[ChainProblem]
    # The newest event that was read: what an operator anchors elsewhere (see --print-head).
    head: ChainAnchor

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_bad_seq(self) -> int | None:
        return min((p.seq for p in self.problems), default=None)


def verify_chain(
    batch_size: int = 2000, *, anchors: Iterable[ChainAnchor] = (), using: str | None = None
) -> ChainReport:
    """Check the whole audit chain and report every problem found, in sequence order."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    db = using or router.db_for_read(AuditEvent)
    with _snapshot(db):
        # The head is read before the events: every event it covers was committed with it, so
        # it must be among the events read next. Events newer than this head are checked
        # against the head as it stands after the scan (concurrent appends are legitimate).
        head_before = _read_head(db)
        scan = _Scan(head_seq=head_before[0] if head_before else 0, anchors=anchors)
        rows = AuditEvent.objects.using(db).order_by("seq", "pk").values_list(*_COLUMNS)
        for row in rows.iterator(chunk_size=batch_size):
            scan.feed(dict(zip(_COLUMNS, row, strict=True)))
        head_after = _read_head(db)
    problems = scan.finish(db, head_before, head_after)
    problems.sort(key=lambda p: (p.seq, p.kind))
    return ChainReport(
        checked=scan.checked, problems=problems, head=ChainAnchor(scan.max_seq, scan.last_hash)
    )


def _snapshot(db: str) -> contextlib.AbstractContextManager[Any]:
    # On PostgreSQL a transaction keeps the server-side cursor streaming (without one Django
    # materialises the whole result WITH HOLD). On SQLite one SELECT already reads one snapshot,
    # and a transaction would take the write lock (transaction_mode IMMEDIATE) for the scan.
    if connections[db].vendor == "postgresql":
        return transaction.atomic(using=db)
    return contextlib.nullcontext()


def _read_head(db: str) -> tuple[int, str] | None:
    return (
        AuditChainHead.objects.using(db).filter(pk=1).values_list("last_seq", "last_hash").first()
    )


def _hash_matches(fields: dict[str, Any], seq: int) -> bool:
    try:
        return compute_hash({**fields, "seq": seq}) == fields["hash"]
    except (TypeError, ValueError, AttributeError, OverflowError):
        return False  # a value no writer produces (e.g. a naive timestamp): not intact


def _ranges(seqs: Iterable[int]) -> Iterator[tuple[int, int]]:
    """Consecutive runs of sorted, distinct numbers: [3, 4, 5, 9] -> (3, 5), (9, 9)."""
    start = end = None
    for seq in seqs:
        if end is not None and seq == end + 1:
            end = seq
            continue
        if start is not None and end is not None:
            yield start, end
        start = end = seq
    if start is not None and end is not None:
        yield start, end


def _add_to_ranges(ranges: list[list[int]], seq: int) -> None:
    if ranges and ranges[-1][1] + 1 == seq:
        ranges[-1][1] = seq
    else:
        ranges.append([seq, seq])


def _span(first: int, last: int) -> str:
    return f"event #{first}" if first == last else f"events #{first} to #{last}"


@dataclass
class _Prev:
    seq: int
    hash: str


@dataclass
class _Scan:
    head_seq: int
    anchors: Iterable[ChainAnchor]
    checked: int = 0
    max_seq: int = 0
    last_hash: str = GENESIS_HASH
    prev: _Prev | None = None
    problems: list[ChainProblem] = field(default_factory=list)
    failed: list[list[int]] = field(default_factory=list)  # runs of content failures
    examined: dict[int, dict[str, Any]] = field(default_factory=dict)  # first failures, in full
    gaps: list[tuple[int, int]] = field(default_factory=list)
    link_breaks: list[tuple[int, int, str]] = field(default_factory=list)  # seq, prev seq, link
    beyond_head: list[list[int]] = field(default_factory=list)  # runs newer than the head
    hash_at_head: str | None = None

    def __post_init__(self) -> None:
        self.expected_anchors = {a.seq: a.hash for a in self.anchors}

    def feed(self, fields: dict[str, Any]) -> None:
        self.checked += 1
        seq: int = fields["seq"]
        intact = _hash_matches(fields, seq)
        if not intact:
            _add_to_ranges(self.failed, seq)
            if len(self.examined) < _MAX_EXAMINED:
                self.examined[seq] = fields
        expected = self.prev.seq + 1 if self.prev else 1
        if seq < expected:
            self.problems.append(self._out_of_sequence(seq))
            return  # the previous event stays the reference for the links that follow
        if seq > expected:
            self.gaps.append((expected, seq - 1))
        elif intact and fields["prev_hash"] != (self.prev.hash if self.prev else GENESIS_HASH):
            # Only checked where the content is intact: an edited prev_hash is already "edited".
            self.link_breaks.append((seq, self.prev.seq if self.prev else 0, fields["prev_hash"]))
        self._note_position(seq, fields["hash"])
        self.prev = _Prev(seq, fields["hash"])

    def _out_of_sequence(self, seq: int) -> ChainProblem:
        if seq < 1:
            return ChainProblem(seq, "inserted", f"event #{seq} has an impossible number: inserted")
        return ChainProblem(
            seq, "inserted", f"event #{seq} appears more than once: a row was inserted"
        )

    def _note_position(self, seq: int, stored_hash: str) -> None:
        self.max_seq, self.last_hash = seq, stored_hash
        if seq == self.head_seq:
            self.hash_at_head = stored_hash
        elif seq > self.head_seq:
            _add_to_ranges(self.beyond_head, seq)
        anchored = self.expected_anchors.pop(seq, None)
        if anchored is not None and anchored != stored_hash:
            self.problems.append(
                ChainProblem(
                    seq,
                    "head",
                    f"event #{seq} no longer has the anchored hash {anchored[:12]}…: the chain "
                    "was rewritten up to this point",
                )
            )

    # -- after the scan ---------------------------------------------------------------------

    def finish(
        self, db: str, head_before: tuple[int, str] | None, head_after: tuple[int, str] | None
    ) -> list[ChainProblem]:
        moved = self._find_moves()
        return [
            *self.problems,
            *self._edited(moved),
            *self._reordered(moved),
            *self._removed(moved),
            *self._links(db, moved),
            *self._anchors_missing(),
            *self._head(head_before, head_after),
        ]

    def _find_moves(self) -> dict[int, int]:
        """Failed events whose content hashes correctly at another position: position -> origin."""
        candidates = set(self.examined)
        for first, last in self.gaps:
            candidates.update(range(first, min(last, first + _MAX_CANDIDATES) + 1))
            if len(candidates) >= _MAX_CANDIDATES:
                break
        ordered = sorted(candidates)
        moved: dict[int, int] = {}
        for seq, fields in self.examined.items():
            origin = next((c for c in ordered if c != seq and _hash_matches(fields, c)), None)
            if origin is not None:
                moved[seq] = origin
        return moved

    def _edited(self, moved: dict[int, int]) -> Iterator[ChainProblem]:
        for first, last in self.failed:
            inside = [seq for seq in moved if first <= seq <= last]
            edited = (s for s in range(first, last + 1) if s not in moved) if inside else None
            runs = _ranges(edited) if edited is not None else iter([(first, last)])
            for a, b in runs:
                verb = "was" if a == b else "were"
                yield ChainProblem(
                    a,
                    "edited",
                    f"{_span(a, b)} {verb} edited: the content no longer matches the hash",
                )

    def _reordered(self, moved: dict[int, int]) -> Iterator[ChainProblem]:
        for seq, origin in sorted(moved.items()):
            if moved.get(origin) == seq:
                if seq < origin:
                    yield ChainProblem(
                        seq,
                        "reordered",
                        f"events #{seq} and #{origin} are out of order: their places were swapped",
                    )
                continue
            yield ChainProblem(
                seq, "reordered", f"event #{origin} is out of order: it was moved to #{seq}"
            )

    def _removed(self, moved: dict[int, int]) -> Iterator[ChainProblem]:
        origins = set(moved.values())
        for first, last in self.gaps:
            has_moves = any(first <= o <= last for o in origins)
            missing = (s for s in range(first, last + 1) if s not in origins) if has_moves else None
            runs = _ranges(missing) if missing is not None else iter([(first, last)])
            for a, b in runs:
                verb = "is" if a == b else "are"
                yield ChainProblem(a, "removed", f"{_span(a, b)} {verb} missing (removed)")

    def _links(self, db: str, moved: dict[int, int]) -> Iterator[ChainProblem]:
        position_of = {self.examined[s]["hash"]: s for s in self.examined}
        lookups = 0
        for seq, prev_seq, link in self.link_breaks:
            if prev_seq == 0:
                yield ChainProblem(
                    seq, "inserted", f"event #{seq} does not start the chain: it was forged"
                )
                continue
            target = position_of.get(link)
            if target is None and lookups < _MAX_LOOKUPS:
                # Rare (only on a damaged chain) and bounded, so a scan of the hash column is fine.
                lookups += 1
                target = (
                    AuditEvent.objects.using(db)
                    .filter(hash=link)
                    .values_list("seq", flat=True)
                    .first()
                )
            if target is not None and target in moved:
                continue  # already reported as reordered
            if target is not None:
                yield ChainProblem(
                    seq,
                    "reordered",
                    f"event #{seq} does not follow #{prev_seq}: it was chained after #{target}",
                )
            else:
                yield ChainProblem(
                    seq,
                    "removed",
                    f"event #{seq} does not follow #{prev_seq}: the event it was chained to is "
                    "missing (removed, or replaced by a forged one)",
                )

    def _anchors_missing(self) -> Iterator[ChainProblem]:
        for seq, anchored in sorted(self.expected_anchors.items()):
            if seq == 0 and anchored == GENESIS_HASH:
                continue  # the anchor of the empty log holds for every log
            yield ChainProblem(
                seq,
                "head",
                f"the anchored event #{seq} is missing: the log was cut back or rewritten",
            )

    def _head(
        self, before: tuple[int, str] | None, after: tuple[int, str] | None
    ) -> Iterator[ChainProblem]:
        if after is None:
            if self.checked:
                yield ChainProblem(
                    self.max_seq,
                    "head",
                    "the chain head record is missing: removal of the newest events cannot be "
                    "ruled out",
                )
            return
        if before is not None:
            head_seq, head_hash = before
            if head_seq > self.max_seq:
                yield ChainProblem(
                    self.max_seq + 1,
                    "removed",
                    f"events after #{self.max_seq} were removed: the chain head records #{head_seq}"
                    if self.max_seq
                    else f"all events were removed: the chain head records #{head_seq}",
                )
            elif self.hash_at_head is not None and self.hash_at_head != head_hash:
                yield ChainProblem(
                    head_seq,
                    "head",
                    f"event #{head_seq} does not match the chain head: the event was replaced or "
                    "the head was changed",
                )
        # Events the first head did not cover are legitimate if the head covers them now.
        for first, last in self.beyond_head:
            first = max(first, after[0] + 1)
            if first <= last:
                verb = "was" if first == last else "were"
                yield ChainProblem(
                    first,
                    "inserted",
                    f"{_span(first, last)} {verb} inserted: not covered by the chain head (#{after[0]})",
                )
