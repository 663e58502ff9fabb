"""The dominance rule for amounts: besides the threshold, an amount that one or two
contributors dominate is withheld ((n,k) and p% rules, as tau-ARGUS applies them), with secondary
suppression and the disclosure audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from palermo.jurisdictions.pack import PackError, get_pack, load_pack
from palermo.jurisdictions.sections_stats import DOMINANCE_DEPTH, DisclosureRule, Dominance
from palermo.stats.figures.tables import (
    FigureTable,
    dominated_cells,
    magnitude_problems,
    protect_magnitude,
    published_grid,
)
from tests.jurisdictions.test_broken_packs import GOOD, write_pack
from tests.jurisdictions.test_statistics_sections import SECTIONS


def _rule(k: int = 3, dominance: Dominance | None = None) -> DisclosureRule:
    return DisclosureRule(
        k=k,
        allow_true_zero=True,
        min_interval_width=k,
        legal_basis=None,
        source=None,
        dominance=dominance or Dominance(n=2, k_percent=85, p_percent=10),
    )


def _amounts(contributions: list[list[list[int]]], *, row_totals: bool = True) -> FigureTable:
    """A table of amounts from each inner cell's individual contributions."""
    return FigureTable(
        key="compensation_paid",
        row_dimension="payer",
        rows=[f"r{i}" for i in range(len(contributions))],
        column_dimension="damage",
        columns=[f"c{j}" for j in range(len(contributions[0]))],
        cells=[[sum(cell) for cell in row] for row in contributions],
        row_totals=row_totals,
        contributors=[[len(cell) for cell in row] for row in contributions],
        largest=[
            [sorted(cell, reverse=True)[:DOMINANCE_DEPTH] for cell in row] for row in contributions
        ],
    )


def test_the_rules_as_tau_argus_states_them() -> None:
    rule = Dominance(n=2, k_percent=85, p_percent=10)
    assert rule.dominated(100, [50, 40, 10])  # the two largest make 90 % > 85 %
    assert not rule.dominated(100, [30, 30, 20])  # 60 %, and the rest (40) is >= 10 % of 30
    assert Dominance(n=1, k_percent=60).dominated(100, [61, 20, 19])
    assert not Dominance(n=1, k_percent=60).dominated(100, [60, 20, 20])
    # p %: the second largest would know the largest to within 5 / 80 < 10 %.
    assert Dominance(n=1, k_percent=99, p_percent=10).dominated(100, [80, 15, 5])
    assert not Dominance(n=1, k_percent=99).dominated(100, [80, 15, 5])
    assert not rule.dominated(0, [])  # nothing paid: a true zero


def test_a_dominated_amount_is_withheld_with_a_cell_that_would_give_it_away() -> None:
    # r0/c0: 12 payments, one of 1,000 among eleven of 10: dominated, though above k.
    # Its row and column totals are published unless another cell goes with it.
    table = _amounts(
        [
            [[1000] + [10] * 11, [50] * 12],
            [[40] * 12, [45] * 12],
        ]
    )
    rule = _rule(k=11)
    cells = table.numbered()[1]
    assert dominated_cells(table, rule) == {cells[0][0]}
    protection = protect_magnitude(table, rule)
    assert cells[0][0] in protection.suppressed
    assert protection.secondary  # else r0/c0 = row total - r0/c1
    assert magnitude_problems(table, set(protection.suppressed), rule) == []
    shown = published_grid(table, rule)
    assert shown.cells[0][0] is None


def test_the_audit_refuses_a_published_dominated_amount() -> None:
    table = _amounts([[[1000, 1]], [[5, 5, 5]]], row_totals=False)
    rule = _rule(k=2)
    problems = magnitude_problems(table, set(), rule)
    assert problems and "dominated" in problems[0]


contribution_tables = st.integers(1, 3).flatmap(
    lambda rows: st.integers(1, 3).flatmap(
        lambda cols: st.lists(
            st.lists(
                st.lists(
                    st.one_of(st.integers(1, 20), st.integers(1, 5000)), min_size=0, max_size=8
                ),
                min_size=cols,
                max_size=cols,
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=60, deadline=None)
@given(
    contributions=contribution_tables,
    k=st.integers(1, 4),
    n=st.integers(1, 2),
    k_percent=st.integers(50, 95),
    p_percent=st.one_of(st.none(), st.integers(1, 20)),
)
def test_no_published_amount_fails_the_dominance_rule(
    contributions: list[list[list[int]]],
    k: int,
    n: int,
    k_percent: int,
    p_percent: int | None,
) -> None:
    dominance = Dominance(n=n, k_percent=k_percent, p_percent=p_percent)
    rule = _rule(k=k, dominance=dominance)
    table = _amounts(contributions, row_totals=len(contributions[0]) > 1)
    protection = protect_magnitude(table, rule)
    cells = table.numbered()[1]
    for r, row in enumerate(contributions):
        for c, cell in enumerate(row):
            if cells[r][c] not in protection.suppressed:
                assert not dominance.dominated(sum(cell), sorted(cell, reverse=True))
                assert len(cell) >= k or not cell
    # The release audit agrees with the pattern.
    assert magnitude_problems(table, set(protection.suppressed), rule) == []


def test_belarus_sets_the_dominance_rule() -> None:
    rule = get_pack().disclosure
    assert rule is not None and rule.dominance == Dominance(n=2, k_percent=85, p_percent=10)


WITH_DOMINANCE = SECTIONS.replace(
    "  k: 5\n", "  k: 5\n  dominance:\n    n: 2\n    k_percent: 85\n    p_percent: 10\n"
)


def test_the_pack_reads_the_dominance_rule(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path / "broken", pack=GOOD, statistics=WITH_DOMINANCE))
    assert pack.disclosure is not None
    assert pack.disclosure.dominance == Dominance(n=2, k_percent=85, p_percent=10)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("n: 2", "n: 4"), "disclosure.dominance.n 4 must be between 1 and 3"),
        (("k_percent: 85", "k_percent: 100"), "k_percent 100 must be between 1 and 99"),
        (("p_percent: 10", "p_percent: ten"), "p_percent must be a whole number"),
        (("    k_percent: 85\n", ""), "k_percent"),
        (("    p_percent: 10\n", "    q_percent: 10\n"), "has unknown key 'q_percent'"),
    ],
)
def test_a_bad_dominance_rule_is_refused_naming_the_key(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    folder = write_pack(tmp_path / "broken", pack=GOOD, statistics=WITH_DOMINANCE.replace(*change))
    with pytest.raises(PackError) as error:
        load_pack(folder)
    problems = [p.message for p in error.value.problems]
    assert any(message in p for p in problems), problems
