"""k-anonymity by local generalisation and suppression, for the CTDC-layout export.

Written here rather than taken from a library (ANJANA, pycanon, anonypy): those bring pandas and
numpy into the product for what is a group-by and a loop, and none has CTDC's hierarchy (an age
band generalises to adult/minor, then to "missing"). The method is the usual one (sdcMicro's
local suppression, Sweeney's generalisation): records whose combination of quasi-identifiers is
shared by fewer than k records are generalised one attribute at a time, in a fixed order, and
whatever is still in a group smaller than k at the end is dropped. Dropping whole groups cannot
shrink any other group, so the result is k-anonymous by construction, and the tests check it for
random inputs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class Step:
    """Set ``column`` to the missing code in every record still in a group smaller than k."""

    code: str
    column: str


@dataclass
class AnonymityReport:
    k: int
    rows_in: int = 0
    rows_out: int = 0
    # step code -> number of values replaced by the missing code in that step
    generalised: dict[str, int] = field(default_factory=dict)
    dropped: int = 0
    smallest_group: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "k": self.k,
            "rows_in": self.rows_in,
            "rows_out": self.rows_out,
            "generalised": dict(self.generalised),
            "dropped": self.dropped,
            "smallest_group": self.smallest_group,
        }


def group_key(row: Row, quasi_identifiers: Sequence[str]) -> tuple[Any, ...]:
    return tuple(row[c] for c in quasi_identifiers)


def group_sizes(rows: Sequence[Row], quasi_identifiers: Sequence[str]) -> Counter[tuple[Any, ...]]:
    return Counter(group_key(r, quasi_identifiers) for r in rows)


def is_k_anonymous(rows: Sequence[Row], quasi_identifiers: Sequence[str], k: int) -> bool:
    return all(n >= k for n in group_sizes(rows, quasi_identifiers).values())


def anonymise(
    rows: Sequence[Row],
    *,
    k: int,
    quasi_identifiers: Sequence[str],
    steps: Sequence[Step],
    missing: object,
) -> tuple[list[Row], AnonymityReport]:
    """A k-anonymous copy of ``rows`` (the input is not changed) and what was done to get it."""
    work = [dict(r) for r in rows]
    report = AnonymityReport(k=k, rows_in=len(work))
    for step in steps:
        sizes = group_sizes(work, quasi_identifiers)
        changed = 0
        for row in work:
            if sizes[group_key(row, quasi_identifiers)] < k and row[step.column] != missing:
                row[step.column] = missing
                changed += 1
        report.generalised[step.code] = changed
    sizes = group_sizes(work, quasi_identifiers)
    kept = [r for r in work if sizes[group_key(r, quasi_identifiers)] >= k]
    report.dropped = len(work) - len(kept)
    report.rows_out = len(kept)
    final = group_sizes(kept, quasi_identifiers)
    report.smallest_group = min(final.values()) if final else 0
    return kept, report
