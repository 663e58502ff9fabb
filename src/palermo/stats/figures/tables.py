"""A table of figures: codes for its rows and columns, exact counts, and its published form.

Tables keep codes, never labels, so a release stored once renders in every language
(:mod:`palermo.stats.figures.labels`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from palermo.jurisdictions.sections_stats import DisclosureRule
from palermo.stats.disclosure.linear import LinearTable, grid
from palermo.stats.disclosure.suppress import Protection, protect


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
        linear, _cells, _rows, _cols, grand = self.numbered()
        if grand is not None:
            return linear.values[grand]
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
