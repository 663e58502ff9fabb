"""Transfers of working days: the 2026 resolution in the pack, and transfers recorded in the product
(Council of Ministers resolutions published the year before; Law No. 350-Z Art. 15 p.3 deadlines)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from palermo.core.audit import AuditEvent
from palermo.jurisdictions.calendar import current_calendar
from palermo.registries.models import TouristReport
from palermo.registries.services import do_register_tourist_report
from palermo.workdays.models import DeadlineChange, WorkingDayTransfer
from palermo.workdays.services import (
    TransferInput,
    do_record_transfer,
    do_withdraw_transfer,
    year_without_transfers,
)
from tests.conftest import PERSONA_NAMES, case_input, case_page, person_input
from tests.registries.conftest import tourist_report_input

# Friday 27 November 2026 off, Saturday 5 December 2026 worked (an invented resolution).
NOVEMBER_TRANSFER = {
    "date_off": "2026-11-27",
    "date_worked": "2026-12-05",
    "resolution_number": "512",
    "resolution_date": "2026-07-22",
}


def transfer_input(**overrides: object) -> TransferInput:
    values: dict[str, object] = {
        "date_off": date(2026, 11, 27),
        "date_worked": date(2026, 12, 5),
        "resolution_number": "512",
        "resolution_date": date(2026, 7, 22),
    }
    values.update(overrides)
    return TransferInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def registrar(actor):
    return actor("registry_officer")


@pytest.fixture
def late_november_report(registrar) -> TouristReport:
    # Back on Wednesday 25 November: due Wednesday 2 December; reported on Thursday 3 December.
    return do_register_tourist_report(
        actor=registrar,
        data=tourist_report_input(
            report_number="31/2026",
            departed_on=date(2026, 11, 18),
            returned_on=date(2026, 11, 25),
            reported_on=date(2026, 12, 3),
        ),
    )


# --- Resolution No. 397 of 22.07.2025, in the pack ------------------------------------------------


def test_a_group_returning_on_15_april_2026_is_due_on_24_april(registrar):
    report = do_register_tourist_report(
        actor=registrar,
        data=tourist_report_input(
            departed_on=date(2026, 4, 8),
            returned_on=date(2026, 4, 15),
            reported_on=date(2026, 4, 24),
        ),
    )
    # Monday 20 April is given off (moved to Saturday 25 April), Tuesday 21 April is Radunitsa.
    assert report.due_on == date(2026, 4, 24)


def test_a_report_filed_on_24_april_2026_is_not_late(registrar):
    report = do_register_tourist_report(
        actor=registrar,
        data=tourist_report_input(
            departed_on=date(2026, 4, 8),
            returned_on=date(2026, 4, 15),
            reported_on=date(2026, 4, 24),
        ),
    )
    assert not report.is_late


@pytest.mark.django_db
def test_saturday_25_april_2026_is_worked_and_monday_20_april_is_not():
    calendar = current_calendar()
    assert calendar.is_working_day(date(2026, 4, 25))
    assert not calendar.is_working_day(date(2026, 4, 20))


# --- Recorded in the product ------------------------------------------------------------------------


def test_a_transfer_recorded_through_the_page_changes_a_due_date(client_for, late_november_report):
    assert late_november_report.due_on == date(2026, 12, 2)
    assert late_november_report.late_by_working_days == 1
    response = client_for("admin").post(reverse("workdays:list"), NOVEMBER_TRANSFER)
    assert response.status_code == 302
    late_november_report.refresh_from_db()
    assert late_november_report.due_on == date(2026, 12, 3)
    assert not late_november_report.is_late
    page = client_for("registry_officer").get(
        reverse("registries:tourist_report", args=[late_november_report.pk])
    )
    text = page.content.decode()
    assert "Due date moved from" in text
    assert "Resolution No. 512" in text
    assert "no longer late" in text


def test_recording_writes_exactly_one_audit_event_counting_the_moved_items(
    actor, late_november_report
):
    before = AuditEvent.objects.count()
    transfer = do_record_transfer(actor=actor("admin"), data=transfer_input())
    events = list(AuditEvent.objects.order_by("seq")[before:])
    assert [e.action for e in events] == ["workdays.transfer_recorded"]
    assert events[0].data["due_dates_moved"] == {"registries.touristreport": 1}
    assert transfer.deadline_changes.count() == 1


def test_a_status_decision_due_date_moves_and_the_case_shows_why(actor, client_for):
    from palermo.cases.services import do_register_case

    officer = actor("officer_minsk")
    case = do_register_case(
        actor=officer, person=person_input(), case=case_input(identified_on=date(2026, 11, 20))
    )
    before = case.status_decision_due_on
    do_record_transfer(actor=actor("admin"), data=transfer_input())
    case.refresh_from_db()
    assert case.status_decision_due_on > before
    page = case_page(client_for("officer_minsk"), case.pk)
    assert "Due date moved from" in page.content.decode()


def test_withdrawing_a_transfer_restores_the_due_date(actor, late_november_report):
    transfer = do_record_transfer(actor=actor("admin"), data=transfer_input())
    do_withdraw_transfer(actor=actor("admin"), transfer=transfer)
    late_november_report.refresh_from_db()
    assert late_november_report.due_on == date(2026, 12, 2)
    assert late_november_report.late_by_working_days == 1
    assert DeadlineChange.objects.filter(withdrawal=True).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date_off": date(2026, 11, 28)}, "date_off"),  # a Saturday: already a day off
        ({"date_worked": date(2026, 12, 4)}, "date_worked"),  # a Friday: already worked
        ({"resolution_number": "  "}, "resolution_number"),
        ({"resolution_date": date(2026, 11, 30)}, "resolution_date"),  # after the day off
        ({"date_off": date(2026, 4, 20)}, "date_off"),  # already given off by the pack
    ],
)
def test_a_bad_transfer_is_refused_naming_the_field_and_writes_nothing(actor, overrides, field):
    with pytest.raises(ValidationError) as refused:
        do_record_transfer(actor=actor("admin"), data=transfer_input(**overrides))
    assert field in refused.value.message_dict
    assert not WorkingDayTransfer.objects.exists()


def test_a_retried_request_does_not_record_the_transfer_twice(client_for):
    client = client_for("admin")
    client.post(reverse("workdays:list"), NOVEMBER_TRANSFER)
    again = client.post(reverse("workdays:list"), NOVEMBER_TRANSFER)
    assert again.status_code == 200
    assert "already a day off" in again.content.decode()
    assert WorkingDayTransfer.objects.count() == 1


# --- Dashboard warning ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_warning_starts_in_october_when_next_year_has_no_transfer():
    assert year_without_transfers(date(2026, 9, 30)) is None
    assert year_without_transfers(date(2026, 10, 1)) == 2027
    assert year_without_transfers(date(2025, 10, 1)) is None  # 2026 is in the pack


def test_the_warning_ends_when_next_year_is_recorded(actor):
    do_record_transfer(
        actor=actor("admin"),
        data=transfer_input(
            date_off=date(2027, 1, 8), date_worked=date(2027, 1, 16),
            resolution_date=date(2026, 7, 30),
        ),
    )  # fmt: skip
    assert year_without_transfers(date(2026, 10, 1)) is None


def test_the_national_administrators_dashboard_warns(client_for, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: date(2026, 10, 5))
    assert "No transfer of working days is known for 2027" in (
        client_for("admin").get("/").content.decode()
    )
    assert (
        "No transfer of working days" not in client_for("officer_minsk").get("/").content.decode()
    )


# --- Permission tables ---------------------------------------------------------------------------

MANAGERS = {"admin"}


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_every_agency_member_reads_the_transfers(client_for, api_for, name):
    assert client_for(name).get(reverse("workdays:list")).status_code == 200
    assert api_for(name).get("/api/calendar/transfers/").status_code == 200


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_only_the_national_administrator_records_a_transfer_on_the_page(client_for, name):
    response = client_for(name).post(reverse("workdays:list"), NOVEMBER_TRANSFER)
    assert response.status_code == (302 if name in MANAGERS else 404)
    assert WorkingDayTransfer.objects.exists() == (name in MANAGERS)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_only_the_national_administrator_records_a_transfer_by_api(api_for, name):
    response = api_for(name).post("/api/calendar/transfers/", NOVEMBER_TRANSFER, format="json")
    assert response.status_code == (201 if name in MANAGERS else 403)
    assert WorkingDayTransfer.objects.exists() == (name in MANAGERS)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_only_the_national_administrator_withdraws_a_transfer(actor, client_for, api_for, name):
    transfer = do_record_transfer(actor=actor("admin"), data=transfer_input())
    page = client_for(name).post(reverse("workdays:withdraw", args=[transfer.pk]))
    assert page.status_code == (302 if name in MANAGERS else 404)
    transfer.refresh_from_db()
    assert transfer.is_active == (name not in MANAGERS)


def test_a_bad_transfer_by_api_answers_400_naming_the_field(api_for):
    response = api_for("admin").post(
        "/api/calendar/transfers/", {**NOVEMBER_TRANSFER, "date_off": "2026-11-28"}, format="json"
    )
    assert response.status_code == 400
    assert "date_off" in response.json()
    assert not WorkingDayTransfer.objects.exists()
