"""No lost updates: concurrent changes serialise on a row lock (real transactions: PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection

from palermo.cases.models import Case
from palermo.registries.models import LicenceStatusChange
from palermo.registries.services import (
    do_change_licence_status,
    do_decide_advert,
    do_open_case_for_tourist,
    do_register_advert,
    do_register_licence,
    do_register_tourist_report,
)
from tests.concurrency import sorted_race
from tests.registries.conftest import advert_input, licence_input, tourist_report_input

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in connection.settings_dict["ENGINE"],
        reason="needs real concurrent transactions (PostgreSQL)",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_two_status_changes_from_the_same_version_cannot_both_apply(ractor):
    registrar = ractor("registry_officer")
    licence = do_register_licence(actor=registrar, data=licence_input())

    def change(to: str) -> Callable[[], object]:
        return lambda: do_change_licence_status(
            actor=registrar, licence=licence, expected_version=1, to_status=to,
            decided_on=date(2025, 1, 1), document_reference=f"Order {to}",
        )  # fmt: skip

    assert sorted_race(change("suspended"), change("revoked")) == ["applied", "refused"]
    assert LicenceStatusChange.objects.filter(licence=licence).count() == 1


def test_both_ministries_agreeing_at_once_gives_an_agreed_advert(ractor):
    advert = do_register_advert(actor=ractor("registry_officer"), data=advert_input())
    results = sorted_race(
        lambda: do_decide_advert(
            actor=ractor("registry_officer"), advert=advert, outcome="approved"
        ),
        lambda: do_decide_advert(
            actor=ractor("education_officer"), advert=advert, outcome="approved"
        ),
    )
    assert results == ["applied", "applied"]
    advert.refresh_from_db()
    assert advert.status == "approved"


def test_one_case_per_reported_person_even_when_two_officers_click_at_once(ractor):
    report = do_register_tourist_report(
        actor=ractor("registry_officer"), data=tourist_report_input()
    )
    tourist = report.tourists.get()
    officer = ractor("officer_minsk")
    results = sorted_race(
        lambda: do_open_case_for_tourist(actor=officer, tourist=tourist),
        lambda: do_open_case_for_tourist(actor=officer, tourist=tourist),
    )
    assert results == ["applied", "refused"]
    assert Case.objects.count() == 1


def test_the_same_number_registered_twice_at_once_is_refused_once(ractor):
    registrar = ractor("registry_officer")
    results = sorted_race(
        lambda: do_register_licence(actor=registrar, data=licence_input()),
        lambda: do_register_licence(actor=registrar, data=licence_input(holder_name="Other")),
    )
    assert results == ["applied", "refused"]
