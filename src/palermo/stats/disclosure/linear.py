"""A statistical table as an intruder sees it: numbered cells and the sums that tie them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class LinearTable:
    """``values[i]`` is cell i's true count; each relation ``(total, parts)`` says
    ``values[total] == sum(values[p] for p in parts)``."""

    values: list[int]
    relations: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for total, parts in self.relations:
            if self.values[total] != sum(self.values[p] for p in parts):
                raise ValueError(f"cell {total} is not the sum of cells {list(parts)}")

    def relations_of(self, cell: int) -> list[tuple[int, tuple[int, ...]]]:
        return [(t, ps) for t, ps in self.relations if cell == t or cell in ps]


def grid(
    cells: Sequence[Sequence[int]],
    *,
    row_totals: bool,
    column_totals: bool,
    counted_column_totals: Sequence[int] | None = None,
    width: int | None = None,
) -> tuple[LinearTable, list[list[int]], list[int], list[int], int | None]:
    """Number the cells of a rows × columns table with optional margins.

    Returns the linear table and the index of each inner cell, row total, column total and grand
    total. ``counted_column_totals`` is given when a person may count in several rows (forms of
    exploitation): then the column totals are counted, not the sums of their rows, and no
    relation ties a column to its rows.
    """
    columns_add_up = counted_column_totals is None
    values: list[int] = []
    index: list[list[int]] = []
    for row in cells:
        index.append([])
        for value in row:
            index[-1].append(len(values))
            values.append(int(value))
    relations: list[tuple[int, tuple[int, ...]]] = []
    if width is None:  # a table without rows needs its width given
        width = len(cells[0]) if cells else 0
    rows: list[int] = []
    if row_totals:
        for r, row in enumerate(cells):
            rows.append(len(values))
            values.append(sum(row))
            relations.append((rows[-1], tuple(index[r])))
    cols: list[int] = []
    grand: int | None = None
    if column_totals:
        for c in range(width):
            cols.append(len(values))
            values.append(
                sum(row[c] for row in cells)
                if counted_column_totals is None
                else int(counted_column_totals[c])
            )
            if columns_add_up:
                relations.append((cols[-1], tuple(index[r][c] for r in range(len(cells)))))
        if row_totals:
            grand = len(values)
            values.append(sum(values[c] for c in cols))
            relations.append((grand, tuple(cols)))
            if columns_add_up:
                relations.append((grand, tuple(rows)))
    return LinearTable(values, relations), index, rows, cols, grand
