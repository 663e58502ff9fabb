"""The audit of a suppression pattern: how well can an intruder pin each suppressed cell down?

Given the published cells and the sums that tie the table together, each suppressed cell can lie
anywhere in an interval [low, high]. Its ends are found by linear programming (minimise, then
maximise the cell subject to the sums, every count ≥ 0), as τ-ARGUS and sdcTable audit. The LP
relaxation is the usual choice: its interval contains every integer solution, and for tables
with sums only (totally unimodular in the common cases) its ends are the integer ones.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from palermo.stats.disclosure.linear import LinearTable


@dataclass(frozen=True)
class CellInterval:
    cell: int
    value: int
    low: float
    high: float  # math.inf when nothing bounds the cell from above

    @property
    def width(self) -> float:
        return self.high - self.low


@dataclass(frozen=True)
class AuditResult:
    intervals: tuple[CellInterval, ...]
    failing: tuple[CellInterval, ...]  # sensitive cells pinned down more tightly than allowed

    @property
    def passed(self) -> bool:
        return not self.failing


def feasible_intervals(
    table: LinearTable,
    suppressed: Collection[int],
    cells: Collection[int] | None = None,
    *,
    stop_below: float | None = None,
) -> list[CellInterval]:
    """For each of ``cells`` (default: every suppressed cell), the interval it could lie in
    given the published cells. With ``stop_below``, stops at the first interval narrower than
    that (enough to know that an audit fails)."""
    hidden = sorted(set(suppressed))
    if not hidden:
        return []
    column = {cell: i for i, cell in enumerate(hidden)}
    rows: list[list[float]] = []
    rhs: list[float] = []
    for total, parts in table.relations:
        coefficients = [0.0] * len(hidden)
        known = 0.0
        for cell, sign in [(total, -1.0), *((p, 1.0) for p in parts)]:
            if cell in column:
                coefficients[column[cell]] += sign
            else:
                known += sign * table.values[cell]
        if any(coefficients):
            rows.append(coefficients)
            rhs.append(-known)
    a_eq = np.array(rows) if rows else None
    b_eq = np.array(rhs) if rows else None
    intervals = []
    for cell in sorted(set(cells)) if cells is not None else hidden:
        objective = np.zeros(len(hidden))
        objective[column[cell]] = 1.0
        low = _optimum(objective, a_eq, b_eq)
        high = _optimum(-objective, a_eq, b_eq)
        interval = CellInterval(
            cell,
            table.values[cell],
            0.0 if low is None else low,
            math.inf if high is None else -high,
        )
        intervals.append(interval)
        if stop_below is not None and interval.width < stop_below:
            break
    return intervals


def _optimum(
    objective: np.ndarray, a_eq: np.ndarray | None, b_eq: np.ndarray | None
) -> float | None:
    """The LP minimum, or None when unbounded below."""
    result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if result.status == 3:  # unbounded
        return None
    if result.status != 0:
        raise RuntimeError(f"the disclosure audit could not solve its LP: {result.message}")
    return float(result.fun)


def audit(
    table: LinearTable,
    suppressed: Collection[int],
    sensitive: Collection[int],
    min_width: int,
    *,
    first_failure_only: bool = False,
) -> AuditResult:
    """Every sensitive (primary-suppressed) cell must keep an interval at least ``min_width`` wide.

    A tiny tolerance absorbs the LP solver's floating-point error. ``first_failure_only`` stops
    at the first failing cell (the suppression search only needs one).
    """
    sensitive_set = set(sensitive)
    hidden = set(suppressed)
    if not sensitive_set <= hidden:
        raise ValueError("every sensitive cell must be suppressed")
    threshold = min_width - 1e-6
    if first_failure_only:
        exposed = _alone_in_a_sum(table, hidden, sensitive_set)
        if exposed is not None:
            value = table.values[exposed]
            pinned = CellInterval(exposed, value, value, value)
            return AuditResult((pinned,), (pinned,))
    intervals = feasible_intervals(
        table, hidden, sensitive_set, stop_below=threshold if first_failure_only else None
    )
    failing = tuple(i for i in intervals if i.width < threshold)
    return AuditResult(tuple(intervals), failing)


def _alone_in_a_sum(table: LinearTable, hidden: set[int], sensitive: set[int]) -> int | None:
    """A sensitive cell that is the only hidden one of some sum: it equals a difference of
    published numbers, no LP needed."""
    for total, parts in table.relations:
        members = [c for c in (total, *parts) if c in hidden]
        if len(members) == 1 and members[0] in sensitive:
            return members[0]
    return None
