"""Criminal proceedings by how many suspects and accused they name (justice figures)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from palermo.accounts.models import Membership
from palermo.justice.models import Proceedings, Suspect
from palermo.stats.figures import Filters, Period, compute_figures
from palermo.stats.figures.labels import label, table_text
from palermo.stats.figures.tables import FigureTable

pytestmark = pytest.mark.django_db


def _table(filters: Filters) -> FigureTable:
    figures = compute_figures(filters)
    return next(t for t in figures.tables if t.key == "justice_suspects_per_proceedings")


def test_each_proceeding_counts_once_in_the_band_of_its_suspects(
    personas: dict[str, Membership],
) -> None:
    police = personas["officer_minsk"].agency
    named = {"1/2025": 0, "2/2025": 1, "3/2025": 2, "4/2025": 3, "5/2025": 5, "6/2025": 1}
    for number, suspects in named.items():
        made = Proceedings.objects.create(
            number=number,
            investigating_agency=police,
            stage="investigation",
            stage_since=date(2025, 3, 1),
            opened_on=date(2025, 3, 1),
        )
        for n in range(suspects):
            Suspect.objects.create(proceedings=made, family_name=f"Suspect {number} {n}")
    # Opened the year before: not in 2025's table, in the comparison column.
    earlier = Proceedings.objects.create(
        number="9/2024",
        investigating_agency=police,
        stage="trial",
        stage_since=date(2024, 5, 1),
        opened_on=date(2024, 5, 1),
    )
    Suspect.objects.create(proceedings=earlier, family_name="Earlier")

    table = _table(Filters(Period.year(2025)))
    assert dict(zip(table.rows, table.cells, strict=True)) == {
        "none": [1],
        "one": [2],
        "two": [1],
        "three_four": [1],
        "five_plus": [1],
    }
    assert table.total == 6  # proceedings, not suspects
    previous = compute_figures(Filters(Period.year(2025))).previous_of(table.key)
    assert previous is not None and previous.cells[1] == [1] and previous.total == 1
    elsewhere = _table(Filters(Period.year(2025), region="BY-BR"))
    assert elsewhere.total == 0


@pytest.mark.parametrize(
    ("language", "title", "band"),
    [
        ("en", "Criminal proceedings, by number of suspects and accused", "Two suspects"),
        ("ru", "Уголовные дела, по числу подозреваемых и обвиняемых", "Двое подозреваемых"),
        (
            "be",
            "Крымінальныя справы, па колькасці падазраваных і абвінавачаных",
            "Двое падазраваных",
        ),
    ],
)
def test_the_table_is_labelled_in_every_language(language: str, title: str, band: str) -> None:
    with translation.override(language):
        assert str(table_text("justice_suspects_per_proceedings").title) == title
        assert label("suspect_count", "two") == band
        assert label("count", "proceedings") != "Persons"
