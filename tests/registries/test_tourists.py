"""Tourists who did not return (Art. 15 p.3): deadline from the pack, lateness, at-risk cases."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from palermo.cases.models import Case
from palermo.core.audit import AuditEvent
from palermo.registries.models import ReportedTourist, TouristReport
from palermo.registries.services import (
    TouristInput,
    do_open_case_for_tourist,
    do_register_tourist_report,
)
from tests.registries.conftest import tourist_report_input


def test_a_report_within_five_working_days_is_on_time(registrar, tourist_report):
    assert tourist_report.due_on == date(2026, 3, 6)
    assert not tourist_report.is_late
    assert tourist_report.legal_basis == "Law No. 350-Z, Art. 15 p.3"


def test_a_late_report_is_kept_and_marked_late_in_working_days(registrar):
    # Due Friday 6 March; Monday 9 March is a working day (8 March is a Sunday holiday),
    # so Tuesday 10 March is 2 working days late.
    report = do_register_tourist_report(
        actor=registrar, data=tourist_report_input(reported_on=date(2026, 3, 10))
    )
    assert report.is_late
    assert report.late_by_working_days == 2


def test_a_report_on_the_weekend_after_the_due_day_is_late(registrar):
    report = do_register_tourist_report(
        actor=registrar, data=tourist_report_input(reported_on=date(2026, 3, 7))
    )
    assert report.late_by_working_days == 1


def test_holidays_move_the_due_date(registrar):
    # Group back on Thursday 30 April 2026: 1 May (Labour Day) is not a working day.
    report = do_register_tourist_report(
        actor=registrar,
        data=tourist_report_input(
            departed_on=date(2026, 4, 20),
            returned_on=date(2026, 4, 30),
            reported_on=date(2026, 5, 7),
        ),
    )
    assert report.due_on == date(2026, 5, 8)


def test_names_are_encrypted_at_rest(registrar, tourist_report):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT family_name FROM registries_reportedtourist")
        (stored,) = cursor.fetchone()
    assert "Сідарэнка" not in stored
    assert tourist_report.tourists.get().family_name == "Сідарэнка"
    event = AuditEvent.objects.get(action="registries.tourist_report_registered")
    assert "Сідарэнка" not in str(event.data)


def test_bad_report_names_every_problem_and_writes_nothing(registrar):
    data = tourist_report_input(
        agency_taxpayer_number="abc",
        region="XX",
        returned_on=date(2026, 2, 1),
        tourists=[TouristInput(family_name="", citizenship="ZZ")],
    )
    with pytest.raises(ValidationError) as exc:
        do_register_tourist_report(actor=registrar, data=data)
    errors = exc.value.message_dict
    assert {"agency_taxpayer_number", "region", "returned_on", "tourists.0.family_name",
            "tourists.0.citizenship"} <= set(errors)  # fmt: skip
    assert not TouristReport.objects.exists()
    assert not ReportedTourist.objects.exists()


def test_duplicate_report_number_of_the_same_agency_is_refused(registrar, tourist_report):
    with pytest.raises(ValidationError) as exc:
        do_register_tourist_report(actor=registrar, data=tourist_report_input())
    assert "already registered" in exc.value.message_dict["report_number"][0]


def test_ct_officer_opens_an_at_risk_case_prefilled_from_the_report(actor, tourist_report):
    tourist = tourist_report.tourists.get()
    case = do_open_case_for_tourist(actor=actor("officer_minsk"), tourist=tourist)
    tourist.refresh_from_db()
    assert tourist.case == case
    assert case.owning_agency == actor("officer_minsk").agency
    assert case.person.family_name == "Сідарэнка"
    assert case.person.date_of_birth == date(2001, 5, 9)
    assert case.identification_method == "other"
    assert str(case.country_of_exploitation) == "AE"
    assert case.trafficking_status == "possible"
    assert "17/245" in case.narrative
    # Only one case per reported person.
    with pytest.raises(ValidationError):
        do_open_case_for_tourist(actor=actor("officer_minsk"), tourist=tourist)
    assert Case.objects.count() == 1


def test_registry_officer_cannot_open_cases(actor, tourist_report):
    with pytest.raises(ValidationError):
        do_open_case_for_tourist(
            actor=actor("registry_officer"), tourist=tourist_report.tourists.get()
        )
    assert not Case.objects.exists()
