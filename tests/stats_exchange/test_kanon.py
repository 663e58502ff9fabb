"""The CTDC export's anonymisation: k-anonymous on its quasi-identifiers for any input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from palermo.stats.exchange.ctdc import QUASI_IDENTIFIERS, STEPS, age_band, anonymous_rows
from palermo.stats.exchange.kanon import group_sizes, is_k_anonymous

MISSING = -99

row_strategy = st.fixed_dictionaries(
    {
        "yearOfRegistration": st.sampled_from([2019, 2020, 2021]),
        "gender": st.sampled_from(["Female", "Male", MISSING]),
        "ageBroad": st.sampled_from(["9--17", "18--20", "21--23", "48+", MISSING]),
        "majorityStatus": st.sampled_from(["Adult", "Minor", MISSING]),
        "citizenship": st.sampled_from(["BY", "UA", "VN", MISSING]),
        "CountryOfExploitation": st.sampled_from(["RU", "PL", "DE", "AE", MISSING]),
        "isSexualExploit": st.sampled_from([0, 1]),
    }
)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(row_strategy, max_size=300), k=st.integers(min_value=2, max_value=15))
def test_the_result_is_k_anonymous_for_random_inputs(rows: list[dict[str, object]], k: int) -> None:
    kept, report = anonymous_rows(rows, k=k, missing=MISSING)
    assert is_k_anonymous(kept, QUASI_IDENTIFIERS, k)
    assert report.rows_in == len(rows)
    assert report.rows_out == len(kept) == len(rows) - report.dropped
    if kept:
        assert report.smallest_group >= k


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(row_strategy, max_size=200))
def test_values_are_only_ever_replaced_by_the_missing_code(rows: list[dict[str, object]]) -> None:
    """Generalisation never invents a value: each kept row matches an input row once the
    generalised columns are read as 'missing'; non-quasi-identifiers are untouched."""
    kept, _report = anonymous_rows(rows, k=5, missing=MISSING)

    def fits(out: dict[str, object], row: dict[str, object]) -> bool:
        return (
            all(out[c] in (row[c], MISSING) for c in QUASI_IDENTIFIERS)
            and out["isSexualExploit"] == row["isSexualExploit"]
        )

    # Each kept row must stand for a different input row: a perfect matching of kept rows to
    # the input rows they fit (augmenting paths; a greedy pick could take a row a later one needs).
    owner: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:
        for j, row in enumerate(rows):
            if j in seen or not fits(kept[i], row):
                continue
            seen.add(j)
            if j not in owner or assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(kept)):
        assert assign(i, set()), f"kept row {kept[i]} matches no unused input row"


def test_a_lone_record_gives_up_detail_before_it_is_dropped() -> None:
    common = {
        "yearOfRegistration": 2020,
        "gender": "Female",
        "ageBroad": "21--23",
        "majorityStatus": "Adult",
        "citizenship": "BY",
        "CountryOfExploitation": "RU",
    }
    rows = [dict(common) for _ in range(11)]
    # Another adult woman of 2020 exploited in Russia, but a Vietnamese citizen aged 48+: alone
    # she would be recognisable; with age and citizenship generalised she joins no group of 11
    # either, so she is dropped, and the report says so.
    rows.append({**common, "ageBroad": "48+", "citizenship": "VN"})
    kept, report = anonymous_rows(rows, k=11, missing=MISSING)
    assert len(kept) == 11
    assert report.dropped == 1
    assert report.generalised["age_band_to_majority"] == 1
    assert report.generalised["citizenship"] == 1
    # Twelve alike but the age band: the odd one's band becomes -99 and ... still 1 in its group.
    assert all(r["citizenship"] == "BY" for r in kept)


def test_generalising_the_age_band_keeps_a_group_together() -> None:
    base = {
        "yearOfRegistration": 2021,
        "gender": "Male",
        "majorityStatus": "Adult",
        "citizenship": "BY",
        "CountryOfExploitation": "PL",
    }
    # 6 + 6 adults in two bands: neither band reaches k = 11, both together do.
    rows = [{**base, "ageBroad": "18--20"} for _ in range(6)]
    rows += [{**base, "ageBroad": "21--23"} for _ in range(6)]
    kept, report = anonymous_rows(rows, k=11, missing=MISSING)
    assert len(kept) == 12 and report.dropped == 0
    assert {r["ageBroad"] for r in kept} == {MISSING}
    assert {r["majorityStatus"] for r in kept} == {"Adult"}
    assert list(group_sizes(kept, QUASI_IDENTIFIERS).values()) == [12]


def test_age_bands_are_ctdcs() -> None:
    assert [age_band(a, MISSING) for a in (0, 8, 9, 17, 18, 20, 29, 30, 47, 48, 90, None)] == [
        "0--8", "0--8", "9--17", "9--17", "18--20", "18--20", "27--29", "30--38", "39--47",
        "48+", "48+", MISSING,
    ]  # fmt: skip
    assert STEPS[0].column == "ageBroad"
