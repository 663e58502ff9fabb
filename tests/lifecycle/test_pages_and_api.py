"""Shredding lists and a person's own file through the web pages and the REST API."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings as SettingsWrapper
from rest_framework.test import APIClient

from palermo.accounts.actor import Actor
from palermo.core.audit import AuditEvent
from palermo.lifecycle.models import CorrectionRequest, ShredBatch
from palermo.lifecycle.services import do_scan_retention
from palermo.people.models import Person
from tests.lifecycle.conftest import LONG_AGO, closed_case
from tests.security.test_second_factor import (
    current_code,
    logged_in,
    set_up_totp,
)

pytestmark = pytest.mark.django_db

PERSONAS = [
    "officer_minsk", "caseworker_gomel", "shelter_manager", "investigator", "hotline_operator",
    "registry_officer", "analyst", "migration_officer", "fund_officer", "outsider",
]  # fmt: skip


def admin_needs_totp(settings: SettingsWrapper) -> None:
    """The national administrator must use a second factor. Set through pytest-django's
    ``settings`` (not ``override_settings`` as a decorator): the two mixed in one test leak the
    override into the tests that follow."""
    settings.PALERMO_SECOND_FACTOR_ROLES = ["national_admin"]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def batch(actor: Callable[[str], Actor]) -> ShredBatch:
    closed_case(actor("officer_minsk"), on=date(2020, 1, 10), case=LONG_AGO)
    found = do_scan_retention()
    assert found is not None
    return found


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_national_administrator_sees_shredding_lists(
    client_for: Callable[[str], Client],
    api_for: Callable[[str], APIClient],
    batch: ShredBatch,
    persona: str,
) -> None:
    assert client_for(persona).get("/lifecycle/").status_code == 404
    assert client_for(persona).get(f"/lifecycle/lists/{batch.pk}/").status_code == 404
    api = api_for(persona)
    assert api.get(f"/api/lifecycle/shredding-lists/{batch.pk}/").status_code == 404
    answer = api.post(f"/api/lifecycle/shredding-lists/{batch.pk}/approve/", {"version": 1})
    assert answer.status_code == 404
    assert ShredBatch.objects.get(pk=batch.pk).status == "proposed"


def test_administrator_approves_and_destroys_in_the_web_pages(
    client_for: Callable[[str], Client], batch: ShredBatch
) -> None:
    admin = client_for("admin")
    page = admin.get(f"/lifecycle/lists/{batch.pk}/")
    person = Person.objects.get(pk=batch.items.get().object_id)
    assert person.reference in page.content.decode()
    assert "Approve destruction" in page.content.decode()
    admin.post(f"/lifecycle/lists/{batch.pk}/approve/", {"version": batch.version})
    assert ShredBatch.objects.get(pk=batch.pk).status == "approved"
    admin.post(f"/lifecycle/lists/{batch.pk}/carry-out/")
    assert ShredBatch.objects.get(pk=batch.pk).status == "done"
    person.refresh_from_db()
    assert person.identity_erased_at is not None


def test_a_stale_approval_is_refused_with_409(
    api_for: Callable[[str], APIClient], batch: ShredBatch
) -> None:
    api = api_for("admin")
    url = f"/api/lifecycle/shredding-lists/{batch.pk}/"
    assert api.post(url + "reject/", {"version": batch.version}).status_code == 200
    again = api.post(url + "approve/", {"version": batch.version})
    assert again.status_code == 409
    bad = api.post(url + "approve/", {"version": "x"})
    assert bad.status_code == 400 and "version" in bad.json()
    assert ShredBatch.objects.get(pk=batch.pk).status == "rejected"


def test_api_scan_approve_and_carry_out(
    api_for: Callable[[str], APIClient], actor: Callable[[str], Actor]
) -> None:
    closed_case(actor("officer_minsk"), on=date(2020, 1, 10), case=LONG_AGO)
    api = api_for("admin")
    created = api.post("/api/lifecycle/shredding-lists/scan/")
    assert created.status_code == 201
    listed = created.json()
    assert [i["kind"] for i in listed["items"]] == ["person_identity"]
    assert api.post("/api/lifecycle/shredding-lists/scan/").status_code == 204
    url = f"/api/lifecycle/shredding-lists/{listed['id']}/"
    assert api.post(url + "approve/", {"version": listed["version"]}).json()["status"] == "approved"
    done = api.post(url + "carry-out/").json()
    assert done["handled"] == 1 and done["list"]["status"] == "done"


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_an_authorised_officer_produces_a_persons_file(
    client_for: Callable[[str], Client],
    api_for: Callable[[str], APIClient],
    actor: Callable[[str], Actor],
    persona: str,
) -> None:
    person = closed_case(actor("officer_minsk")).person
    assert client_for(persona).get(f"/lifecycle/person-file/{person.pk}/").status_code == 404
    assert api_for(persona).get(f"/api/lifecycle/persons/{person.pk}/file/").status_code == 404
    assert not AuditEvent.objects.filter(action="person.subject_file_produced").exists()


def test_the_persons_file_holds_everything_and_who_read_it(
    client_for: Callable[[str], Client], actor: Callable[[str], Actor]
) -> None:
    case = closed_case(actor("officer_minsk"))
    person = case.person
    officer = client_for("officer_minsk")
    officer.get(f"/cases/{case.pk}/")  # a read of the file, recorded in the audit log
    admin = client_for("admin")
    page = admin.get(f"/lifecycle/person-file/{person.pk}/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    answer = admin.post(f"/lifecycle/person-file/{person.pk}/download/", {"format": "json"})
    document = json.loads(answer.content)
    assert document["identity"]["family_name"] == "Шаўчэнка"
    assert [c["case"] for c in document["cases"]] == [case.reference]
    assert "officer_minsk" in {e["who"] for e in document["access_log"]}
    pdf = admin.post(f"/lifecycle/person-file/{person.pk}/download/", {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="person.subject_file_produced").count() == 2
    bad = admin.post(f"/lifecycle/person-file/{person.pk}/download/", {"format": "doc"})
    assert bad.status_code == 302
    assert AuditEvent.objects.filter(action="person.subject_file_produced").count() == 2


def test_correction_request_workflow_through_the_api(
    api_for: Callable[[str], APIClient], actor: Callable[[str], Actor]
) -> None:
    person = closed_case(actor("officer_minsk")).person
    api = api_for("admin")
    url = f"/api/lifecycle/persons/{person.pk}/corrections/"
    bad = api.post(url, {"received_on": "2026-02-30", "requested_change": ""})
    assert bad.status_code == 400 and {"received_on", "requested_change"} <= set(bad.json())
    assert not CorrectionRequest.objects.exists()
    made = api.post(url, {"received_on": "2026-11-02", "requested_change": "My name is Volga."})
    assert made.status_code == 201
    answer_url = f"/api/lifecycle/corrections/{made.json()['id']}/answer/"
    answered = api.post(answer_url, {"accept": True, "answer": "Corrected.", "version": 1})
    assert answered.json()["status"] == "accepted"
    assert api.post(answer_url, {"accept": False, "answer": "x", "version": 1}).status_code == 409
    listed = api.get(url).json()
    assert [(c["status"], c["answer"]) for c in listed] == [("accepted", "Corrected.")]


def test_approving_in_the_web_pages_asks_for_the_second_factor_again(
    personas: object, batch: ShredBatch, settings: SettingsWrapper
) -> None:
    admin_needs_totp(settings)
    admin = logged_in("admin")
    set_up_totp(admin)
    url = f"/lifecycle/lists/{batch.pk}/approve/"
    settings.PALERMO_STEP_UP_SECONDS = -1  # the code confirmed at log-in is no longer fresh
    asked = admin.post(url, {"version": batch.version})
    assert asked.status_code == 302 and "step_up=1" in asked["Location"]
    assert ShredBatch.objects.get(pk=batch.pk).status == "proposed"
    settings.PALERMO_STEP_UP_SECONDS = 300  # confirmed within the last minutes
    assert admin.post(url, {"version": batch.version}).status_code == 302
    assert ShredBatch.objects.get(pk=batch.pk).status == "approved"


def test_approving_through_the_api_needs_a_current_code(
    personas: object, batch: ShredBatch, settings: SettingsWrapper
) -> None:
    admin_needs_totp(settings)
    admin = logged_in("admin")
    device = set_up_totp(admin)
    settings.PALERMO_STEP_UP_SECONDS = -1
    url = f"/api/lifecycle/shredding-lists/{batch.pk}/approve/"
    refused = admin.post(url, {"version": batch.version}, content_type="application/json")
    assert refused.status_code == 403 and "X-Second-Factor" in refused.json()["detail"]
    wrong = admin.post(
        url,
        {"version": batch.version},
        content_type="application/json",
        headers={"X-Second-Factor": "000000" if current_code(device) != "000000" else "111111"},
    )
    assert wrong.status_code == 403
    assert ShredBatch.objects.get(pk=batch.pk).status == "proposed"
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # the log-in code may be reused
    approved = admin.post(
        url,
        {"version": batch.version},
        content_type="application/json",
        headers={"X-Second-Factor": current_code(device)},
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
