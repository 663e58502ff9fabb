"""A table of figures: codes for its rows and columns, exact counts, and its published form.

Tables keep codes, never labels, so a release stored once renders in every language
(:mod:`palermo.stats.figures.labels`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from palermo.jurisdictions.sections_stats import DisclosureRule
from palermo.stats.disclosure.audit import AuditResult, CellInterval, feasible_intervals
from palermo.stats.disclosure.linear import LinearTable, grid
from palermo.stats.disclosure.suppress import Protection, primary_cells, protect


@dataclass
class FigureTable:
    key: str  # what is counted, e.g. "persons_sex_age" (labels.TABLES)
    row_dimension: str
    rows: list[str]
    column_dimension: str
    columns: list[str]
    cells: list[list[int]]
    # Column totals counted separately when a person may count in several rows (forms).
    counted_column_totals: list[int] | None = None
    row_totals: bool = True
    # A table of amounts (bed-days, money) rather than counts: how many records each inner cell
    # sums. Disclosure control then looks at these (see protect_magnitude).
    contributors: list[list[int]] | None = None
    # For amounts: each inner cell's largest contributions, largest first (at most
    # DOMINANCE_DEPTH), for the pack's dominance rule. None: the rule does not apply.
    largest: list[list[list[int]]] | None = None

    @property
    def multi_valued(self) -> bool:
        return self.counted_column_totals is not None

    def numbered(self) -> tuple[LinearTable, list[list[int]], list[int], list[int], int | None]:
        return grid(
            self.cells,
            row_totals=self.row_totals,
            column_totals=True,
            counted_column_totals=self.counted_column_totals,
            width=len(self.columns),
        )

    @property
    def total(self) -> int:
        linear, _cells, _rows, cols, grand = self.numbered()
        if grand is not None:
            return linear.values[grand]
        if len(cols) == 1:  # one column: its total (counted, when rows overlap)
            return linear.values[cols[0]]
        return sum(sum(row) for row in self.cells)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "row_dimension": self.row_dimension,
            "rows": self.rows,
            "column_dimension": self.column_dimension,
            "columns": self.columns,
            "cells": self.cells,
            "counted_column_totals": self.counted_column_totals,
            "row_totals": self.row_totals,
            "contributors": self.contributors,
            "largest": self.largest,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FigureTable:
        return cls(**data)


@dataclass
class Grid:
    """A table laid out for display: inner cells, row totals, column totals and the grand
    total, each a number or None where suppressed."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    grand_total: int | None
    suppressed: int = 0
    secondary: int = 0
    narrowest: float | None = None  # the smallest audited interval width
    published_values: list[int | None] = field(default_factory=list)


def exact_grid(table: FigureTable) -> Grid:
    return _layout(table, set(), None)


def published_grid(table: FigureTable, rule: DisclosureRule) -> Grid:
    protection = protect_table(table, rule)
    return _layout(table, set(protection.suppressed), protection)


def protect_table(table: FigureTable, rule: DisclosureRule) -> Protection:
    if table.contributors is not None:
        return protect_magnitude(table, rule)
    linear = table.numbered()[0]
    return protect(
        linear, k=rule.k, allow_true_zero=rule.allow_true_zero, min_width=rule.min_interval_width
    )


def grid_from_values(table: FigureTable, values: list[int | None]) -> Grid:
    """The layout of a stored published table (``values`` in the numbering of ``numbered``)."""
    _linear, cells, rows, cols, grand = table.numbered()
    return Grid(
        cells=[[values[i] for i in row] for row in cells],
        row_totals=[values[i] for i in rows],
        column_totals=[values[i] for i in cols],
        grand_total=values[grand] if grand is not None else None,
        suppressed=sum(1 for v in values if v is None),
        published_values=values,
    )


def _layout(table: FigureTable, hidden: set[int], protection: Protection | None) -> Grid:
    linear = table.numbered()[0]
    values: list[int | None] = [None if i in hidden else v for i, v in enumerate(linear.values)]
    layout = grid_from_values(table, values)
    if protection is not None:
        layout.secondary = len(protection.secondary)
        widths = [i.width for i in protection.audit.intervals]
        layout.narrowest = min(widths) if widths else None
    return layout


def contributor_table(table: FigureTable) -> FigureTable:
    """The counts behind a table of amounts, in the same shape."""
    if table.contributors is None:
        raise ValueError(f"{table.key} is not a table of amounts")
    return FigureTable(
        key=table.key,
        row_dimension=table.row_dimension,
        rows=table.rows,
        column_dimension=table.column_dimension,
        columns=table.columns,
        cells=table.contributors,
        row_totals=table.row_totals,
    )


def _amount_intervals(
    table: FigureTable, hidden: set[int], sensitive: set[int]
) -> tuple[AuditResult, list[CellInterval]]:
    """Each sensitive amount's feasible interval; failing unless it is at least as wide as the
    amount itself (an intruder cannot tell it from nothing, nor from twice as much)."""
    linear = table.numbered()[0]
    intervals = feasible_intervals(linear, hidden, sensitive) if sensitive else []
    failing = [i for i in intervals if i.width < max(i.value, 1) - 1e-6]
    return AuditResult(tuple(intervals), tuple(failing)), failing


def dominated_cells(table: FigureTable, rule: DisclosureRule) -> set[int]:
    """The inner cells of a table of amounts that fail the pack's dominance rule, in the
    numbering of ``numbered``."""
    if rule.dominance is None or table.largest is None:
        return set()
    cells = table.numbered()[1]
    return {
        cells[r][c]
        for r, row in enumerate(table.largest)
        for c, top in enumerate(row)
        if rule.dominance.dominated(table.cells[r][c], top)
    }


def protect_magnitude(table: FigureTable, rule: DisclosureRule) -> Protection:
    """Disclosure control of a table of amounts (docs/statistics.md, "Amounts").

    1. Sensitive amounts: fewer than k records contribute to it (threshold rule; a cell nobody
       contributes to is a true zero), or one or two contributors dominate it (the pack's
       dominance rule, (n,k) and p%).
    2. The suppression pattern is the one the count table of contributors gets with those cells
       as primary (secondary suppression with its audit), so the sums tie no sensitive cell down.
    3. Audit on the amounts: each sensitive amount must stay uncertain by at least its own size.
       If the pattern does not give that, every non-zero amount of the table is withheld.
    """
    counts = contributor_table(table)
    dominated = frozenset(dominated_cells(table, rule))
    linear_counts = counts.numbered()[0]
    pattern = protect(
        linear_counts,
        k=rule.k,
        allow_true_zero=rule.allow_true_zero,
        min_width=rule.min_interval_width,
        also_sensitive=dominated,
    )
    hidden = set(pattern.suppressed)
    primary = set(pattern.primary)
    result, failing = _amount_intervals(table, hidden, primary)
    if failing:
        linear = table.numbered()[0]
        hidden = {i for i, v in enumerate(linear.values) if v != 0 or not rule.allow_true_zero}
        result, failing = _amount_intervals(table, hidden, primary)
    return Protection(frozenset(hidden), frozenset(primary), result)


def magnitude_problems(table: FigureTable, hidden: set[int], rule: DisclosureRule) -> list[str]:
    """Why a published table of amounts breaks the rule (empty when it does not)."""
    counts = contributor_table(table)
    linear = counts.numbered()[0]
    sensitive = primary_cells(linear, rule.k, rule.allow_true_zero)
    shown = sorted(sensitive - hidden)
    if shown:
        return [f"cells {shown} sum fewer than {rule.k} records and are published"]
    dominated = dominated_cells(table, rule)
    shown = sorted(dominated - hidden)
    if shown:
        return [f"cells {shown} are dominated by one or two contributors and are published"]
    _result, failing = _amount_intervals(table, hidden, sensitive | dominated)
    return [f"amount {i.cell} can be worked out within [{i.low:g}, {i.high:g}]" for i in failing]
