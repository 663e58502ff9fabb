"""Registries, hotline and prevention figures, counted from hand-made records."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from palermo.accounts.models import Membership
from palermo.hotline.models import Call, Tip
from palermo.jurisdictions.pack import get_pack
from palermo.prevention.models import Activity
from palermo.registries.models import (
    InvolvedOrganisation,
    Licence,
    LicenceStatusChange,
    TouristReport,
)
from palermo.stats.figures import Filters, Period, compute_figures
from palermo.stats.figures.tables import FigureTable, published_grid

pytestmark = pytest.mark.django_db
MINSK = ZoneInfo("Europe/Minsk")
YEAR = Filters(Period.year(2025))


def find(key: str, filters: Filters = YEAR) -> FigureTable:
    return next(t for t in compute_figures(filters).tables if t.key == key)


def rows(key: str, filters: Filters = YEAR) -> dict[str, list[int]]:
    table = find(key, filters)
    return dict(zip(table.rows, table.cells, strict=True))


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=MINSK)


def test_licences_decisions_organisations_and_tourist_reports() -> None:
    def licence(number: str, kind: str, status: str, until: date | None = None) -> Licence:
        return Licence.objects.create(
            kind=kind,
            number=number,
            holder_name=f"Holder {number}",
            holder_type="legal_person",
            taxpayer_number=f"1000{number}",
            issued_on=date(2023, 1, 1),
            valid_from=date(2023, 1, 1),
            valid_until=until,
            status=status,
            legal_basis="law_350z_art14",
        )

    licence("1", "employment_abroad", "active")
    licence("2", "employment_abroad", "active", until=date(2025, 6, 30))  # expired in 2025
    suspended = licence("3", "employment_abroad", "suspended")
    licence("4", "marriage_agency", "revoked")
    LicenceStatusChange.objects.create(
        licence=suspended,
        from_status="active",
        to_status="suspended",
        decided_on=date(2025, 4, 1),
        document_reference="No. 5",
        legal_basis="Art. 16",
    )
    InvolvedOrganisation.objects.create(
        name="Fake Jobs", country="BY", kind="domestic", stage="listed",
        suspended_on=date(2025, 2, 1),
    )  # fmt: skip
    for number, late in (("R1", 0), ("R2", 3)):
        TouristReport.objects.create(
            report_number=number,
            agency_name="Tours",
            agency_taxpayer_number="190000001",
            region="BY-HM",
            departed_on=date(2025, 5, 1),
            returned_on=date(2025, 5, 10),
            reported_on=date(2025, 5, 12),
            due_on=date(2025, 5, 12),
            late_by_working_days=late,
            legal_basis="Art. 16 p.3",
        )

    licences = rows("registry_licences")
    assert licences["employment_abroad"] == [1, 1, 0, 1]  # active, suspended, revoked, expired
    assert licences["marriage_agency"] == [0, 0, 1, 0]
    assert rows("registry_licence_decisions")["employment_abroad"] == [1, 0, 0]
    assert rows("registry_organisations")["listed"] == [1]
    assert rows("registry_tourist_reports")["BY-HM"] == [1, 1]
    # The reports narrow by region; the national registers do not.
    brest = Filters(Period.year(2025), region="BY-BR")
    assert find("registry_tourist_reports", brest).total == 0
    assert find("registry_licences", brest).total == 4


def test_hotline_calls_and_tips(personas: dict[str, Membership]) -> None:
    hotline = personas["officer_minsk"].agency
    for topic, outcome, day in [
        ("safe_travel", "advice_given", date(2025, 1, 5)),
        ("safe_travel", "advice_given", date(2025, 3, 5)),
        ("suspected_trafficking", "tip_forwarded", date(2025, 3, 6)),
        ("safe_travel", "advice_given", date(2024, 3, 5)),  # the year before
    ]:
        call = Call.objects.create(
            agency=hotline,
            received_at=at(day),
            channel="phone",
            topic=topic,
            region="BY-HM",
            language="ru",
            outcome=outcome,
        )
    Tip.objects.create(
        source="call", call=call, received_at=at(date(2025, 3, 6)), status="forwarded",
        what_happened="—",
    )  # fmt: skip
    Tip.objects.create(
        source="portal", received_at=at(date(2025, 7, 1)), status="new", what_happened="—"
    )
    calls = find("hotline_calls")
    by_topic = dict(zip(calls.rows, calls.cells, strict=True))
    assert by_topic["safe_travel"][calls.columns.index("advice_given")] == 2
    assert by_topic["suspected_trafficking"][calls.columns.index("tip_forwarded")] == 1
    assert calls.total == 3
    tips = rows("hotline_tips")
    assert tips["call"] == [0, 1, 0] and tips["portal"] == [1, 0, 0]
    previous = compute_figures(YEAR).previous_of("hotline_calls")
    assert previous is not None and previous.total == 1


def test_prevention_activities_and_reach(personas: dict[str, Membership]) -> None:
    organiser = personas["officer_minsk"].agency
    for n in range(12):
        Activity.objects.create(
            activity_type="school_talk",
            title=f"Talk {n}",
            organiser=organiser,
            region="BY-HM",
            starts_on=date(2025, 3, 1),
            reach=30,
        )
    Activity.objects.create(
        activity_type="campaign",
        title="Campaign",
        organiser=organiser,
        starts_on=date(2025, 9, 1),
        reach=50000,
    )
    assert rows("prevention_activities")["school_talk"] == [12]
    reach = find("prevention_reach")
    assert dict(zip(reach.rows, reach.cells, strict=True))["school_talk"] == [360]
    assert reach.total == 50360
    # Published: the one campaign's reach is withheld (fewer than k activities), and the talks'
    # too, or the total would give the campaign's away; the total stays, since the campaign's
    # reach can be anything from 0 to all of it.
    rule = get_pack().disclosure
    assert rule is not None
    grid = published_grid(reach, rule)
    shown = dict(zip(reach.rows, grid.cells, strict=True))
    assert shown["campaign"] == [None] and shown["school_talk"] == [None]
    assert shown["training"] == [0]
    assert grid.column_totals == [50360]
