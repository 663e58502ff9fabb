"""Every administrative change asks for the second factor again, in pages and the API: a code
confirmed at log-in ten minutes ago is not enough; a fresh one (or X-Second-Factor) is."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp

from palermo.accounts.models import User
from palermo.accounts.second_factor import SESSION_SECOND_FACTOR_AT
from palermo.accounts.services import do_confirm_totp_device, do_issue_api_token

PASSWORD = "persona-password-1"
KEY = "3132333435363738393031323334353637383930"


@pytest.fixture(autouse=True)
def _administrators_need_totp(settings) -> None:
    settings.PALERMO_SECOND_FACTOR_ROLES = ["national_admin", "agency_admin"]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def code() -> str:
    return str(totp(bytes.fromhex(KEY))).zfill(6)


@pytest.fixture
def device(admins, admin_actor):
    actor = dataclasses.replace(admin_actor("admin"), second_factor_at=timezone.now())
    return do_confirm_totp_device(actor=actor, key=KEY)


def session(device, minutes_ago: int) -> Client:
    client = Client()
    answer = client.post(reverse("accounts:login"), {"username": "admin", "password": PASSWORD})
    assert answer.status_code == 302
    data = client.session
    data[DEVICE_ID_SESSION_KEY] = device.persistent_id
    data[SESSION_SECOND_FACTOR_AT] = (timezone.now() - timedelta(minutes=minutes_ago)).isoformat()
    data.save()
    return client


def changes(admins) -> list[tuple[str, dict[str, object]]]:
    officer = admins["officer_minsk"].user
    membership = admins["officer_minsk"]
    v = {"version": officer.version}
    return [
        (f"/administration/users/{officer.pk}/deactivate/", v),
        (f"/administration/users/{officer.pk}/second-factor/reset/", v),
        (f"/administration/memberships/{membership.pk}/role/", {**v, "role": "case_worker"}),
        (f"/administration/memberships/{membership.pk}/remove/", v),
        (
            f"/administration/users/{officer.pk}/memberships/",
            {**v, "agency": membership.agency.pk, "role": "case_worker"},
        ),
        (f"/administration/users/{officer.pk}/edit/", {**v, "first_name": "X"}),
        ("/administration/users/invite/", {"username": "novy"}),
        ("/administration/agencies/new/", {"name": "X", "kind": "ngo"}),
    ]


def test_a_stale_session_is_sent_to_confirm_a_code_and_nothing_changes(admins, device):
    client = session(device, minutes_ago=10)
    assert client.get("/administration/").status_code == 200  # reading needs no step-up
    for url, form in changes(admins):
        answer = client.post(url, form, HTTP_REFERER="http://testserver/administration/")
        assert answer.status_code == 302, url
        assert answer["Location"].startswith("/accounts/two-factor/?"), url
        assert "step_up=1" in answer["Location"]
    officer = User.objects.get(pk=admins["officer_minsk"].user.pk)
    assert officer.is_active and officer.first_name == "Andrei"
    assert not User.objects.filter(username="novy").exists()


def test_confirming_a_code_lets_the_change_through(admins, device):
    client = session(device, minutes_ago=10)
    officer = admins["officer_minsk"].user
    url = f"/administration/users/{officer.pk}/deactivate/"
    assert client.post(url, {"version": officer.version})["Location"].startswith("/accounts/")
    confirmed = client.post(
        "/accounts/two-factor/?step_up=1&next=/administration/", {"token": code()}
    )
    assert confirmed.status_code == 302
    done = client.post(url, {"version": officer.version})
    assert done.status_code == 302 and done["Location"] == f"/administration/users/{officer.pk}/"
    officer.refresh_from_db()
    assert not officer.is_active


def test_the_api_refuses_a_change_without_a_fresh_code_and_accepts_one(admins, device, admin_actor):
    actor = dataclasses.replace(admin_actor("admin"), second_factor_at=timezone.now())
    key = do_issue_api_token(actor=actor, name="administration").key
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    officer = admins["officer_minsk"].user
    url = f"/api/administration/users/{officer.pk}/deactivate/"
    body = {"version": officer.version}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 403
    assert "X-Second-Factor" in refused.json()["detail"]
    assert client.get("/api/administration/users/").status_code == 200  # reading: no step-up
    accepted = client.post(url, body, content_type="application/json", HTTP_X_SECOND_FACTOR=code())
    assert accepted.status_code == 200
    officer.refresh_from_db()
    assert not officer.is_active


def test_a_stale_session_is_refused_by_the_api_too(admins, device):
    client = session(device, minutes_ago=10)
    officer = admins["officer_minsk"].user
    answer = client.post(
        f"/api/administration/users/{officer.pk}/deactivate/",
        {"version": officer.version},
        content_type="application/json",
    )
    assert answer.status_code == 403
    fresh = session(device, minutes_ago=1)
    answer = fresh.post(
        f"/api/administration/users/{officer.pk}/deactivate/",
        {"version": officer.version},
        content_type="application/json",
    )
    assert answer.status_code == 200


def test_the_service_directory_asks_for_a_fresh_code_too(admins, device, admin_actor):
    client = session(device, minutes_ago=10)
    page = client.get("/referrals/directory/new/")
    assert page.status_code == 302 and "step_up=1" in page["Location"]
    actor = dataclasses.replace(admin_actor("admin"), second_factor_at=timezone.now())
    key = do_issue_api_token(actor=actor, name="directory").key
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    body = {"service_type": "legal", "agency_id": admins["admin"].agency.pk}
    refused = api.post("/api/service-offerings/", body, content_type="application/json")
    assert refused.status_code == 403
    accepted = api.post(
        "/api/service-offerings/", body, content_type="application/json",
        HTTP_X_SECOND_FACTOR=code(),
    )  # fmt: skip
    assert accepted.status_code == 201, accepted.json()
