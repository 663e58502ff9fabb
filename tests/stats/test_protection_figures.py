"""Shelters, assisted voluntary returns and criminal proceedings, counted from hand-made records.

The records are written directly (with chosen dates) so that every expected number can be worked
out by hand; the cases behind them are registered through the services.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency, Membership
from palermo.cases.models import Case
from palermo.jurisdictions.pack import get_pack
from palermo.justice.models import (
    ExpulsionSuspension,
    LegalPerson,
    Participant,
    Proceedings,
    ProceedingsArticle,
    ProtectionMeasure,
    Suspect,
)
from palermo.referrals.models import AssistedReturn
from palermo.shelters.models import Admission, Facility
from palermo.stats.figures import Filters, Period, compute_figures
from palermo.stats.figures.tables import FigureTable, published_grid
from palermo.stats.presentation import figures_for, shown_tables, table_payload
from palermo.stats.release_data import audit_problems, build_release_data
from tests.stats.population import register

pytestmark = pytest.mark.django_db
MINSK = ZoneInfo("Europe/Minsk")


def find(key: str, filters: Filters | None = None) -> FigureTable:
    figures = compute_figures(filters or Filters(Period.year(2025)))
    return next(t for t in figures.tables if t.key == key)


def rows(key: str, filters: Filters | None = None) -> dict[str, list[int]]:
    table = find(key, filters)
    return dict(zip(table.rows, table.cells, strict=True))


@pytest.fixture
def cases(actor: Callable[[str], Actor]) -> list[Case]:
    police = actor("officer_minsk")
    return [register(police, n, identified_on=date(2025, 1, 10)) for n in range(1, 5)]


def facility(operator: Agency, region: str) -> Facility:
    return Facility.objects.create(
        operator=operator, name=f"Centre {region}", region=region, address="—", guard="none"
    )


def stay(
    where: Facility,
    case: Case,
    number: int,
    *,
    kind: str = "women",
    admitted: date | None = None,
    discharged: date | None = None,
    refused_by: list[str] | None = None,
    decided: date = date(2025, 6, 1),
) -> Admission:
    return Admission.objects.create(
        facility=where,
        case=case,
        alias=f"A-{number}",
        status="refused"
        if refused_by is not None
        else ("discharged" if discharged else "resident"),
        place_kind=kind,
        outcome="refuse" if refused_by is not None else "admit",
        refused_by=refused_by or [],
        facts={},
        decided_at=datetime(decided.year, decided.month, decided.day, 12, tzinfo=MINSK),
        admitted_on=admitted,
        discharged_on=discharged,
    )


def test_shelter_admissions_bed_days_and_refusals(
    personas: dict[str, Membership], cases: list[Case]
) -> None:
    operator = personas["shelter_manager"].agency
    gomel, brest = facility(operator, "BY-HO"), facility(operator, "BY-BR")
    # Admitted 20 Dec 2024, still resident: 365 nights in 2025 (none counted as a 2025 admission).
    stay(gomel, cases[0], 1, admitted=date(2024, 12, 20))
    # 1 to 11 March 2025: 10 nights.
    stay(gomel, cases[1], 2, admitted=date(2025, 3, 1), discharged=date(2025, 3, 11))
    # A minor from 25 Dec 2025: 7 nights in 2025 (25-31 December).
    stay(brest, cases[2], 3, kind="minors", admitted=date(2025, 12, 25))
    # A transfer is no new admission, but its nights count.
    first = stay(gomel, cases[3], 4, admitted=date(2025, 5, 1), discharged=date(2025, 5, 3))
    moved = stay(brest, cases[3], 5, admitted=date(2025, 5, 3), discharged=date(2025, 5, 5))
    first.transferred_to = moved
    first.save()
    # Refusals: one on §34 point 5, one on two points, one because the group is not admitted.
    stay(gomel, cases[0], 6, refused_by=["communicable_disease"])
    stay(gomel, cases[1], 7, refused_by=["communicable_disease", "minor_without_permission"])
    stay(brest, cases[2], 8, refused_by=[])
    stay(brest, cases[2], 9, refused_by=[], decided=date(2024, 6, 1))  # the year before

    admissions = rows("shelter_admissions")
    assert admissions["BY-HO"][:2] == [2, 0]  # women, men (the 2024 admission is not counted)
    assert admissions["BY-BR"][4] == 1  # minors
    assert find("shelter_admissions").total == 3

    nights = rows("shelter_bed_days")
    assert nights["BY-HO"][0] == 365 + 10 + 2
    assert nights["BY-BR"][0] == 2 and nights["BY-BR"][4] == 7
    bed_days = find("shelter_bed_days")
    assert (
        bed_days.contributors is not None
        and bed_days.contributors[bed_days.rows.index("BY-HO")][0] == 3
    )

    refusals = find("shelter_refusals")
    counted = dict(zip(refusals.rows, refusals.cells, strict=True))
    assert counted["unct_p34_communicable"] == [2]
    assert counted["unct_p34_minors"] == [1]
    assert counted["group_not_admitted"] == [1]
    assert refusals.total == 3  # refusals, not the sum of grounds

    # Narrowed to Brest: only the Brest facility.
    brest_only = Filters(Period.year(2025), region="BY-BR")
    assert find("shelter_admissions", brest_only).total == 1
    assert find("shelter_refusals", brest_only).total == 1


def test_bed_days_are_withheld_when_few_residents_stayed(
    personas: dict[str, Membership], cases: list[Case]
) -> None:
    """Three residents' 377 nights in Gomel would tell how long each stayed: withheld."""
    operator = personas["shelter_manager"].agency
    gomel = facility(operator, "BY-HO")
    stay(gomel, cases[0], 1, admitted=date(2024, 12, 20))
    stay(gomel, cases[1], 2, admitted=date(2025, 3, 1), discharged=date(2025, 3, 11))
    rule = get_pack().disclosure
    assert rule is not None
    grid = published_grid(find("shelter_bed_days"), rule)
    assert grid.grand_total is None
    assert all(v is None or v == 0 for row in grid.cells for v in row)
    release, audits = build_release_data(2025, rule)
    assert audits["shelter_bed_days"]["passed"]
    assert audit_problems(release, rule) == []


def test_assisted_returns_by_country(personas: dict[str, Membership], cases: list[Case]) -> None:
    iom = personas["officer_minsk"].agency
    for case, country, status, departure in [
        (cases[0], "UA", "returned", date(2025, 2, 1)),
        (cases[1], "UA", "returned", date(2025, 9, 1)),
        (cases[2], "VN", "returned", date(2025, 4, 1)),
        (cases[3], "VN", "approved", None),  # not returned yet
    ]:
        AssistedReturn.objects.create(
            case=case,
            agency=iom,
            status=status,
            destination_country=country,
            departure_on=departure,
        )
    returns = rows("returns_by_country")
    assert returns == {"UA": [2], "VN": [1]}
    assert rows("returns_by_country", Filters(Period.quarter(2025, 1))) == {"UA": [1]}


def test_criminal_proceedings_suspects_measures_and_suspensions(
    personas: dict[str, Membership], cases: list[Case]
) -> None:
    police = personas["officer_minsk"].agency

    def proceedings(number: str, stage: str, opened: date, *articles: str) -> Proceedings:
        made = Proceedings.objects.create(
            number=number,
            investigating_agency=police,
            stage=stage,
            stage_since=opened,
            opened_on=opened,
        )
        for article in articles:
            ProceedingsArticle.objects.create(proceedings=made, article=article)
        return made

    first = proceedings("1/2025", "investigation", date(2025, 2, 1), "cc_181", "cc_171")
    second = proceedings("2/2025", "trial", date(2025, 8, 1), "cc_181")
    proceedings("3/2024", "trial", date(2024, 8, 1), "cc_181")  # the year before
    for name in ("Ivanov", "Petrov"):
        Suspect.objects.create(proceedings=first, family_name=name)
    Suspect.objects.create(proceedings=second, family_name="Sidorov")
    LegalPerson.objects.create(proceedings=second, name="Travel LLC", kind="tourist")

    victim = Participant.objects.create(
        proceedings=first, person=cases[0].person, role="victim", linked_on=date(2025, 2, 2)
    )
    ProtectionMeasure.objects.create(
        participant=victim, kind="safety", legal_basis="law_350z_art18", starts_on=date(2025, 3, 1)
    )
    ProtectionMeasure.objects.create(
        participant=victim,
        kind="social_protection",
        legal_basis="law_350z_art18",
        status="ended",
        starts_on=date(2025, 3, 1),
        ended_on=date(2025, 5, 1),
    )
    # Applied the year before, ended in 2025 because the victim interfered (Art. 18 p.2).
    ProtectionMeasure.objects.create(
        participant=victim,
        kind="safety",
        legal_basis="law_350z_art18",
        status="ended",
        starts_on=date(2024, 11, 1),
        ended_on=date(2025, 6, 1),
        end_basis="law_350z_art18_p2",
    )
    ExpulsionSuspension.objects.create(
        participant=victim,
        person=cases[0].person,
        legal_basis="law_350z_art22_p1",
        started_on=date(2025, 2, 2),
    )
    witness = Participant.objects.create(
        proceedings=second, person=cases[1].person, role="witness", linked_on=date(2025, 8, 2)
    )
    ExpulsionSuspension.objects.create(
        participant=witness,
        person=cases[1].person,
        legal_basis="law_350z_art22_p1",
        started_on=date(2025, 8, 2),
        ended_on=date(2025, 11, 1),
        end_reason="verdict",
    )

    table = find("justice_proceedings")
    by_article = dict(zip(table.rows, table.cells, strict=True))
    stages = table.columns
    assert by_article["cc_181"][stages.index("investigation")] == 1
    assert by_article["cc_181"][stages.index("trial")] == 1
    assert by_article["cc_171"][stages.index("investigation")] == 1
    assert table.counted_column_totals is not None
    assert sum(table.counted_column_totals) == 2  # two proceedings, three article rows
    assert table.total == 2

    suspects = rows("justice_suspects")
    assert suspects["investigation"] == [2] and suspects["trial"] == [1]
    assert rows("justice_legal_persons")["tourist"] == [1]
    measures = rows("justice_protection_measures")
    assert measures["safety"] == [1, 0] and measures["social_protection"] == [0, 1]
    ended = rows("justice_protection_measures_ended")
    assert ended["safety"] == [0, 1] and ended["social_protection"] == [1, 0]
    assert rows("justice_expulsion_suspensions") == {"still_suspended": [1], "verdict": [1]}
    previous = compute_figures(Filters(Period.year(2025))).previous_of("justice_proceedings")
    assert previous is not None and previous.total == 1

    elsewhere = Filters(Period.year(2025), region="BY-BR")
    assert find("justice_proceedings", elsewhere).total == 0


def test_the_new_tables_are_labelled_in_every_language(
    personas: dict[str, Membership], cases: list[Case]
) -> None:
    from django.utils import translation

    operator = personas["shelter_manager"].agency
    stay(facility(operator, "BY-HO"), cases[0], 1, refused_by=["communicable_disease"])
    data = figures_for(Filters(Period.year(2025)))
    with translation.override("ru"):
        payload = {t.table.key: table_payload(t.table) for t in shown_tables(data, exact=True)}
    refusals = payload["shelter_refusals"]
    assert refusals["title"] == "Отказы в приёме в приют, по основаниям"
    assert refusals["columns"] == ["Отказы"]
    names = [r["name"] for r in refusals["rows"]]
    assert "Доклад страновой группы ООН, п. 34, подп. 5" in names
    stages = payload["justice_proceedings"]["columns"]
    assert "Предварительное расследование" in stages
