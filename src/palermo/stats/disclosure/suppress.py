"""Primary and secondary cell suppression, driven by the audit.

Primary: every cell below k (a true zero stays published when the rule allows it). Secondary:
while the audit finds a sensitive cell that the published cells pin down too tightly, suppress
one more cell sharing a sum with it, the smallest such count (the least information lost),
preferring inner cells to totals. Each round adds a cell, so it ends. Then the greedy choice is
pruned: each secondary cell, largest first, is published again if the audit still passes
without it. The result is only returned with a passing audit.
"""

from __future__ import annotations

from dataclasses import dataclass

from palermo.stats.disclosure.audit import AuditResult, audit
from palermo.stats.disclosure.linear import LinearTable


@dataclass(frozen=True)
class Protection:
    suppressed: frozenset[int]
    primary: frozenset[int]
    audit: AuditResult

    @property
    def secondary(self) -> frozenset[int]:
        return self.suppressed - self.primary


def primary_cells(table: LinearTable, k: int, allow_true_zero: bool) -> set[int]:
    return {
        i
        for i, value in enumerate(table.values)
        if value < k and not (value == 0 and allow_true_zero)
    }


def protect(
    table: LinearTable,
    *,
    k: int,
    allow_true_zero: bool,
    min_width: int,
    also_sensitive: frozenset[int] = frozenset(),
) -> Protection:
    """``also_sensitive``: cells to protect whatever their count (amounts that one or two
    contributors dominate, see ``protect_magnitude``)."""
    primary = primary_cells(table, k, allow_true_zero) | set(also_sensitive)
    suppressed = set(primary)
    totals = {t for t, _parts in table.relations}
    while True:
        result = audit(table, suppressed, primary, min_width, first_failure_only=True)
        if result.passed:
            return _pruned(table, suppressed, primary, min_width)
        complement = _complement(table, result.failing[0].cell, suppressed, totals)
        if complement is None:
            # Nothing left to hide next to this cell: hide its whole neighbourhood's totals.
            complement = next(i for i in range(len(table.values)) if i not in suppressed)
        suppressed.add(complement)


def _complement(
    table: LinearTable, cell: int, suppressed: set[int], totals: set[int]
) -> int | None:
    candidates = {
        other
        for total, parts in table.relations_of(cell)
        for other in (total, *parts)
        if other not in suppressed
    }
    if not candidates:
        return None
    # Inner cells before totals, non-zero before zero (a hidden zero protects little), then the
    # smallest count, then the lowest index so the pattern is reproducible.
    return min(
        candidates,
        key=lambda i: (i in totals, table.values[i] == 0, table.values[i], i),
    )


def _pruned(
    table: LinearTable, suppressed: set[int], primary: set[int], min_width: int
) -> Protection:
    for cell in sorted(suppressed - primary, key=lambda i: (-table.values[i], -i)):
        if audit(table, suppressed - {cell}, primary, min_width, first_failure_only=True).passed:
            suppressed = suppressed - {cell}
    final = audit(table, suppressed, primary, min_width)
    if not final.passed:  # cannot happen: every step above kept a passing pattern
        raise RuntimeError("secondary suppression ended with a failing audit")
    return Protection(frozenset(suppressed), frozenset(primary), final)
