"""The figures engine: persons counted once across agencies, tables that add up, filters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.stats.figures import Filters, Period, compute_figures
from palermo.stats.figures.labels import age_band
from palermo.stats.figures.period import parse_period
from tests.stats.population import confirm_duplicate, register

pytestmark = pytest.mark.django_db


def table(figures: object, key: str) -> dict[str, list[int]]:
    found = next(t for t in figures.tables if t.key == key)  # type: ignore[attr-defined]
    return dict(zip(found.rows, found.cells, strict=True))


def test_a_person_known_to_two_agencies_counts_once_after_the_merge(
    actor: Callable[[str], Actor],
) -> None:
    police, ngo = actor("officer_minsk"), actor("caseworker_gomel")
    first = register(police, 1, forms=("forced_labour",))
    second = register(ngo, 1, forms=("sexual_exploitation",), identified_on=date(2025, 7, 1))
    register(ngo, 2)
    before = compute_figures(Filters(Period.year(2025)))
    assert table(before, "persons_status")["possible"] == [3]

    confirm_duplicate(actor("admin"), first, second)
    after = compute_figures(Filters(Period.year(2025)))
    assert table(after, "persons_status")["possible"] == [2]
    # The merged person has both forms and counts under each; the table says rows overlap.
    forms = table(after, "persons_form_age")
    assert forms["forced_labour"][0] == 1 and forms["sexual_exploitation"][0] == 2
    sectors = table(after, "persons_sector")
    assert sectors["government+ngo"] == [1] and sectors["ngo"] == [1]
    assert sectors["government"] == [0]


def test_single_valued_tables_add_up_to_the_persons(actor: Callable[[str], Actor]) -> None:
    police = actor("officer_minsk")
    register(police, 1, gender="male", minor=True, country="BY")
    register(police, 2, gender="female", country="PL", region="BY-BR")
    register(police, 3, gender="female", identified_on=date(2024, 3, 1))
    figures = compute_figures(Filters(Period.year(2025)))
    sex_age = table(figures, "persons_sex_age")
    assert sex_age["male"] == [0, 1, 0] and sex_age["female"] == [1, 0, 0]
    assert table(figures, "persons_location")["inside"] == [1]
    assert table(figures, "persons_location")["abroad"] == [1]
    assert table(figures, "persons_region")["BY-BR"] == [1]
    assert table(figures, "persons_age_band")["9-17"] == [1]
    previous = next(t for t in figures.previous if t.key == "persons_status")
    assert previous.total == 1  # the year before: the 2024 person only


def test_filters_by_region_and_kind_of_identifying_agency(actor: Callable[[str], Actor]) -> None:
    register(actor("officer_minsk"), 1, region="BY-HM")
    register(actor("caseworker_gomel"), 2, region="BY-HO")
    by_region = compute_figures(Filters(Period.year(2025), region="BY-HO"))
    assert table(by_region, "persons_status")["possible"] == [1]
    by_kind = compute_figures(Filters(Period.year(2025), agency_kind="ct_unit"))
    assert table(by_kind, "persons_region")["BY-HM"] == [1]
    assert table(by_kind, "persons_region")["BY-HO"] == [0]


def test_cases_decided_not_a_victim_are_not_counted(actor: Callable[[str], Actor]) -> None:
    case = register(actor("officer_minsk"), 1)
    Case.objects.filter(pk=case.pk).update(trafficking_status="not_a_victim")
    figures = compute_figures(Filters(Period.year(2025)))
    assert figures.tables[0].total == 0


@pytest.mark.parametrize(
    ("age", "band"),
    [(0, "0-8"), (8, "0-8"), (9, "9-17"), (17, "9-17"), (18, "18-20"), (29, "27-29"),
     (30, "30-38"), (47, "39-47"), (48, "48+"), (None, "unknown")],
)  # fmt: skip
def test_ctdc_age_bands(age: int | None, band: str) -> None:
    assert age_band(age) == band


@pytest.mark.parametrize(
    ("params", "field"),
    [({"year": "20x5"}, "year"), ({"year": "2025", "quarter": "5"}, "quarter"),
     ({"start": "2025-02-30", "end": "2025-03-01"}, "start"),
     ({"start": "2025-03-01", "end": "2025-02-01"}, "end"), ({"start": "2025-03-01"}, "end")],
)  # fmt: skip
def test_bad_periods_name_the_field(params: dict[str, str], field: str) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        parse_period(params)
    assert field in caught.value.message_dict


def test_periods() -> None:
    assert parse_period({"year": "2025", "quarter": "2"}) == Period(
        date(2025, 4, 1), date(2025, 6, 30)
    )
    assert Period.quarter(2025, 2).label == "2025 Q2"
    assert Period.year(2025).year_before() == Period.year(2024)
