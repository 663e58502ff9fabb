"""Exports that carry identities ask for the second factor again (step-up) on every channel:
pages send the user to confirm a fresh code and back, the API answers 403 until the request
carries a current code in ``X-Second-Factor``."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp

from palermo.accounts.second_factor import SESSION_SECOND_FACTOR_AT
from palermo.accounts.services import do_confirm_totp_device, do_issue_api_token
from palermo.core.models import AuditEvent

PASSWORD = "persona-password-1"
KEY = "3132333435363738393031323334353637383930"


@pytest.fixture(autouse=True)
def _admin_needs_totp(settings) -> None:
    settings.PALERMO_SECOND_FACTOR_ROLES = ["national_admin"]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def code() -> str:
    return str(totp(bytes.fromhex(KEY))).zfill(6)


@pytest.fixture
def admin(actor):
    """The national administrator with a confirmed authenticator app."""
    admin = dataclasses.replace(actor("admin"), second_factor_at=timezone.now())
    device = do_confirm_totp_device(actor=admin, key=KEY)
    return admin, device


@pytest.fixture
def stale_session(admin):
    """A page session that confirmed its code at log-in, ten minutes ago."""
    _admin, device = admin
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "admin", "password": PASSWORD})
    assert response.status_code == 302
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_SECOND_FACTOR_AT] = (timezone.now() - timedelta(minutes=10)).isoformat()
    session.save()
    return client


@pytest.fixture
def token_client(admin):
    admin_actor, _device = admin
    key = do_issue_api_token(actor=admin_actor, name="exports").key
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def exports_of(person_id: int) -> list[tuple[str, str, dict[str, object]]]:
    """(method, page URL, form) of every page export carrying identities."""
    return [
        ("post", f"/lifecycle/person-file/{person_id}/download/", {"format": "json"}),
        ("post", f"/lifecycle/person-file/{person_id}/download/", {"format": "pdf"}),
        ("get", "/registries/export/tourist_reports.csv", {}),
        ("get", "/registries/export/student_notices.xlsx", {}),
        (
            "post",
            "/stats/exchange/htcds/",
            {
                "purpose": "sharing_with_referral_agencies",
                "file_format": "csv",
                "include_identity": "on",
            },
        ),
    ]


def api_exports_of(person_id: int) -> list[tuple[str, str, dict[str, object]]]:
    return [
        ("get", f"/api/lifecycle/persons/{person_id}/file/", {}),
        ("get", f"/api/lifecycle/persons/{person_id}/file/pdf/", {}),
        ("get", "/api/registries/export/tourist_reports/csv/", {}),
        ("get", "/api/registries/export/licences/xlsx/", {}),
        (
            "post",
            "/api/stats/exchange/htcds/",
            {"purpose": "sharing_with_referral_agencies", "include_identity": True},
        ),
    ]


def send(client: Client, method: str, url: str, data: dict[str, object], **extra: str):
    if method == "get":
        return client.get(url, **extra)
    if url.startswith("/api/"):
        return client.post(url, data, content_type="application/json", **extra)
    return client.post(url, data, **extra)


@pytest.mark.parametrize("index", range(5))
def test_a_page_export_asks_for_a_fresh_code_then_gives_the_file(stale_session, minsk_case, index):
    method, url, data = exports_of(minsk_case.person.pk)[index]
    page = "/registries/" if "registries" in url else "/stats/exchange/"
    refused = send(stale_session, method, url, data, HTTP_REFERER=f"http://testserver{page}")
    assert refused.status_code == 302
    target = refused["Location"]
    assert target.startswith(reverse("accounts:two_factor")) and "step_up=1" in target
    # A GET comes back to the export itself; a form comes back to the page it was sent from.
    assert ("next=" + (url if method == "get" else page).replace("/", "%2F")) in target
    confirm_page = stale_session.get(target)
    assert "fresh code" in confirm_page.content.decode()
    confirmed = stale_session.post(target, {"token": code()})
    assert confirmed.status_code == 302

    done = send(stale_session, method, url, data)
    assert done.status_code == 200
    assert done["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("index", range(5))
def test_an_api_export_needs_a_current_code_in_the_header(token_client, minsk_case, index):
    method, url, data = api_exports_of(minsk_case.person.pk)[index]
    events = AuditEvent.objects.count()

    refused = send(token_client, method, url, data)
    assert refused.status_code == 403
    assert "X-Second-Factor" in refused.json()["detail"]
    wrong = send(token_client, method, url, data, HTTP_X_SECOND_FACTOR="000000")
    assert wrong.status_code == 403
    # Nothing was produced (a subject file or an HTCDS export is audited when made).
    assert AuditEvent.objects.count() == events

    done = send(token_client, method, url, data, HTTP_X_SECOND_FACTOR=code())
    assert done.status_code == 200


def test_an_export_without_identities_needs_no_step_up(token_client, stale_session):
    body = {"purpose": "sharing_with_referral_agencies", "include_identity": False}
    assert send(token_client, "post", "/api/stats/exchange/htcds/", body).status_code == 200
    form = {"purpose": "sharing_with_referral_agencies", "file_format": "csv"}
    assert stale_session.post("/stats/exchange/htcds/", form).status_code == 200


def test_a_recent_code_in_the_session_is_enough(admin, minsk_case):
    client = Client()
    client.post(reverse("accounts:login"), {"username": "admin", "password": PASSWORD})
    assert client.post(reverse("accounts:two_factor"), {"token": code()}).status_code == 302
    response = client.post(
        f"/lifecycle/person-file/{minsk_case.person.pk}/download/", {"format": "json"}
    )
    assert response.status_code == 200
    # The same session reaches the API's export without a header.
    api = client.get(f"/api/lifecycle/persons/{minsk_case.person.pk}/file/")
    assert api.status_code == 200
