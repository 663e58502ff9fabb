"""Occupancy per facility and region over time: admissions, discharges, residents, bed-days
(nights spent: the day of admission counts, the day of discharge does not) and the rate."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from palermo.shelters.services import DischargeInput, do_admit, do_discharge, do_transfer
from tests.shelters.conftest import admission_input

YEAR = timezone.localdate().year - 1  # a whole past year: every month has begun


@pytest.fixture
def stays(actor, centre, annex, referred_case, another_case):
    manager = actor("shelter_manager")
    short = do_admit(
        actor=manager,
        facility=centre,
        case=referred_case,
        data=admission_input(admitted_on=date(YEAR, 1, 30)),
    )
    do_discharge(
        actor=manager,
        admission=short,
        expected_version=1,
        data=DischargeInput(
            discharged_on=date(YEAR, 2, 2), reason="plan_completed", destination="family"
        ),
    )
    moved = do_admit(
        actor=manager,
        facility=centre,
        case=another_case(),
        data=admission_input(admitted_on=date(YEAR, 3, 10)),
    )
    do_transfer(
        actor=manager,
        admission=moved,
        expected_version=1,
        to_facility=annex,
        place_kind="women",
        transferred_on=date(YEAR, 3, 20),
    )


def test_the_figures_per_facility_region_and_country(stays, client_for):
    from palermo.shelters.models import Facility
    from palermo.shelters.queries import occupancy

    report = occupancy(Facility.objects.all(), YEAR, timezone.localdate())
    centre, annex = report.facilities  # ordered by region: BY-HM, then BY-MI
    assert (centre.label, centre.capacity, annex.capacity) == ("Minsk centre", 7, 3)
    jan, feb, mar = centre.months[:3]
    assert (jan.admissions, jan.residents, jan.bed_days, jan.discharges) == (1, 1, 2, 0)
    assert (feb.admissions, feb.residents, feb.bed_days, feb.discharges) == (0, 1, 1, 1)
    assert (mar.admissions, mar.bed_days, mar.discharges) == (1, 10, 1)  # 10-19 March
    assert jan.rate == round(100 * 2 / (7 * 31))
    # The annex: from 20 March to the end of the year, every night.
    assert annex.months[2].bed_days == 12 and annex.months[2].admissions == 1
    assert annex.months[11].bed_days == 31 and annex.months[11].rate == round(100 * 31 / (3 * 31))
    assert centre.total().admissions == 2 and centre.total().bed_days == 13
    assert [r.region for r in report.regions] == ["BY-HM", "BY-MI"]
    assert report.national.months[2].bed_days == 22 and report.national.capacity == 10

    html = client_for("analyst").get(reverse("shelters:occupancy"), {"year": YEAR}).content.decode()
    assert "Minsk City" in html and "Minsk Oblast" in html and "Minsk centre" in html


def test_the_api_gives_the_same_figures(stays, api_for):
    data = api_for("analyst").get("/api/shelters/occupancy/", {"year": YEAR}).json()
    assert data["year"] == YEAR
    centre = data["facilities"][0]
    assert centre["months"][0] == {
        "month": 1,
        "admissions": 1,
        "discharges": 0,
        "residents": 1,
        "bed_days": 2,
        "occupancy_percent": round(100 * 2 / (7 * 31)),
    }
    assert data["national"]["places"] == 10 and len(data["national"]["months"]) == 12


def test_a_manager_sees_only_the_own_facilities(stays, actor, client_for):
    from palermo.accounts.models import Agency
    from palermo.shelters.services import do_create_facility
    from tests.shelters.conftest import facility_input

    gomel = Agency.objects.get(catalogue_code="tcss_gomel")
    do_create_facility(
        actor=None, operator=gomel, data=facility_input(name="Gomel crisis room", region="BY-HO")
    )
    html = (
        client_for("shelter_manager")
        .get(reverse("shelters:occupancy"), {"year": YEAR})
        .content.decode()
    )
    assert "Minsk centre" in html and "Gomel crisis room" not in html
    html = client_for("admin").get(reverse("shelters:occupancy"), {"year": YEAR}).content.decode()
    assert "Gomel crisis room" in html
