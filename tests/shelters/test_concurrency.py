"""Two staff admitting to the last free place at the same moment: exactly one succeeds, the other
is told to use the waiting list. Also a transfer into, and an admission to, the same last place.

Real concurrency needs a database server (PostgreSQL): threads with their own connections and
real concurrent transactions. On SQLite these tests are skipped (SQLite serialises writers)."""

from __future__ import annotations

import pytest

from palermo.core.audit import verify_chain
from palermo.shelters.models import Admission
from palermo.shelters.services import do_admit, do_transfer
from tests.concurrency import race
from tests.shelters.conftest import admission_input


@pytest.mark.parametrize("attempt", range(3))
def test_two_admissions_to_the_last_place(attempt, server_db, actor, centre, another_case):
    first, second = another_case(), another_case()
    data = admission_input(place_kind="individual")  # the centre has one individual room
    results = race(
        lambda: do_admit(actor=actor("shelter_manager"), facility=centre, case=first, data=data),
        lambda: do_admit(actor=actor("shelter_manager"), facility=centre, case=second, data=data),
        detail=True,
    )
    assert sorted(r.split(":")[0] for r in results) == ["applied", "conflict"], results
    loser = next(r for r in results if r.startswith("conflict"))
    assert "No free place of kind “Individual room (any adult)” left in Minsk centre" in loser
    assert "waiting list" in loser
    residents = Admission.objects.filter(
        facility=centre, place_kind="individual", status="resident"
    )
    assert residents.count() == 1
    assert not Admission.objects.filter(status="waiting").exists()
    assert verify_chain().ok


@pytest.mark.parametrize("attempt", range(2))
def test_a_transfer_and_an_admission_race_for_the_last_place(
    attempt, server_db, actor, centre, annex, another_case
):
    manager = actor("shelter_manager")
    for _ in range(2):
        do_admit(
            actor=manager,
            facility=annex,
            case=another_case(),
            data=admission_input(residence_region="BY-MI"),
        )
    moving = do_admit(actor=manager, facility=centre, case=another_case(), data=admission_input())
    newcomer = another_case()
    results = race(
        lambda: do_transfer(
            actor=actor("shelter_manager"),
            admission=moving,
            expected_version=1,
            to_facility=annex,
            place_kind="women",
        ),
        lambda: do_admit(
            actor=actor("shelter_manager"),
            facility=annex,
            case=newcomer,
            data=admission_input(residence_region="BY-MI"),
        ),
        detail=True,
    )
    assert sorted(r.split(":")[0] for r in results) == ["applied", "conflict"], results
    assert Admission.objects.filter(facility=annex, status="resident").count() == 3
    moving.refresh_from_db()
    # The transfer applies whole or not at all.
    assert (moving.status == "transferred") == (results[0] == "applied")
    assert verify_chain().ok
