"""Disclosure control: primary and secondary suppression, proved by the LP audit."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from palermo.stats.disclosure import audit, protect
from palermo.stats.disclosure.linear import grid

K = 11


def test_primary_suppression_alone_leaks_a_cell_through_its_row_total() -> None:
    # Women 5, men 30, unknown 40, total 75: hiding only the 5 leaves 75 - 30 - 40 = 5.
    table, *_ = grid([[5], [30], [40]], row_totals=False, column_totals=True)
    leak = audit(table, suppressed={0}, sensitive={0}, min_width=K)
    assert not leak.passed
    assert leak.failing[0].low == leak.failing[0].high == 5

    protection = protect(table, k=K, allow_true_zero=True, min_width=K)
    assert protection.suppressed == {0, 1}  # the smallest other cell is hidden too
    assert protection.audit.passed
    interval = protection.audit.intervals[0]
    assert (interval.low, interval.high) == (0, 35)


def test_a_total_below_k_is_hidden_and_cannot_be_rebuilt_from_the_grand_total() -> None:
    table, _cells, _rows, cols, _grand = grid(
        [[3, 40], [2, 50]], row_totals=True, column_totals=True
    )
    protection = protect(table, k=K, allow_true_zero=True, min_width=K)
    assert cols[0] in protection.suppressed
    assert protection.audit.passed


def test_true_zeros_stay_published_when_the_rule_allows() -> None:
    table, *_ = grid([[0], [30], [40]], row_totals=False, column_totals=True)
    assert protect(table, k=K, allow_true_zero=True, min_width=K).suppressed == frozenset()
    assert protect(table, k=K, allow_true_zero=False, min_width=K).suppressed != frozenset()


def test_rows_that_overlap_are_not_treated_as_sums() -> None:
    # Forms of exploitation: a person counts under each, so rows do not add up to the column.
    table, *_ = grid(
        [[5, 20], [30, 12]], row_totals=True, column_totals=True, counted_column_totals=[30, 25]
    )
    assert all(set(parts) != {0, 2} for _total, parts in table.relations)


tables = st.integers(1, 4).flatmap(
    lambda rows: st.integers(1, 3).flatmap(
        lambda cols: st.lists(
            st.lists(
                st.one_of(st.integers(0, 12), st.integers(0, 60)), min_size=cols, max_size=cols
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=60, deadline=None)
@given(cells=tables, zero=st.booleans())
def test_after_protection_no_small_cell_is_published_or_derivable(
    cells: list[list[int]], zero: bool
) -> None:
    table, *_ = grid(cells, row_totals=len(cells[0]) > 1, column_totals=True)
    protection = protect(table, k=K, allow_true_zero=zero, min_width=K)
    for i, value in enumerate(table.values):
        if i not in protection.suppressed:
            assert value >= K or (value == 0 and zero)
    # An independent audit of the final pattern agrees, for every hidden cell.
    check = audit(table, protection.suppressed, protection.primary, K)
    assert check.passed
    for interval in check.intervals:
        assert interval.low - 1e-6 <= interval.value <= interval.high + 1e-6
        assert interval.width >= K - 1e-6 or math.isinf(interval.high)


@settings(max_examples=40, deadline=None)
@given(
    persons=st.lists(
        st.tuples(st.sampled_from("FMU"), st.sampled_from(["adult", "minor", "unknown"])),
        max_size=120,
    )
)
def test_random_person_sets_cross_tabulated_are_protected(
    persons: list[tuple[str, str]],
) -> None:
    rows, cols = "FMU", ["adult", "minor", "unknown"]
    cells = [[sum(1 for p in persons if p == (r, c)) for c in cols] for r in rows]
    table, *_ = grid(cells, row_totals=True, column_totals=True)
    protection = protect(table, k=K, allow_true_zero=True, min_width=K)
    assert protection.audit.passed
    published = [v for i, v in enumerate(table.values) if i not in protection.suppressed]
    assert all(v == 0 or v >= K for v in published)
