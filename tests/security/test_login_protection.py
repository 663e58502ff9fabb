"""Password spraying is stopped without locking anyone out; passwords attackers try first are
refused; sensitive actions ask for a fresh second factor."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp

from palermo.accounts.models import AuthenticatorDevice
from palermo.accounts.services import do_create_user, do_issue_api_token
from palermo.cases.services import do_register_case
from palermo.people.models import PersonMerge
from tests.conftest import case_input, person_input

PASSWORD = "persona-password-1"


def attempt(client: Client, username: str, password: str, ip: str):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@override_settings(PALERMO_LOGIN_SPRAY_LIMIT=4)
def test_one_address_trying_many_user_names_is_stopped(personas):
    sprayer = Client()
    for name in ["officer_minsk", "caseworker_gomel", "investigator", "analyst"]:
        assert attempt(sprayer, name, "Winter2026!", "198.51.100.7").status_code == 200
    # Even the right password for another colleague is not tried from that address any more.
    assert attempt(sprayer, "admin", PASSWORD, "198.51.100.7").status_code == 429
    # The colleagues themselves, from their own machines, log in as usual.
    for name in ["officer_minsk", "admin"]:
        assert attempt(Client(), name, PASSWORD, "10.20.30.40").status_code == 302


@override_settings(PALERMO_LOGIN_SPRAY_LIMIT=4)
def test_one_user_mistyping_is_not_spraying(personas):
    client = Client()
    for _ in range(3):
        attempt(client, "officer_minsk", "wrong-password", "10.9.9.9")
    assert attempt(client, "officer_minsk", PASSWORD, "10.9.9.9").status_code == 302


@pytest.mark.parametrize(
    "password", ["Password123!", "qwerty2026", "Palermo2026!", "!!sunshine99", "dragon_1234"]
)
def test_common_words_with_digits_added_are_refused(db, password):
    with pytest.raises(ValidationError) as refused:
        do_create_user(actor=None, username="new_officer", password=password)
    assert "password" in refused.value.message_dict


def test_a_real_passphrase_is_accepted(db):
    assert do_create_user(actor=None, username="new_officer", password="copper-lantern-river-42")


ADMIN_NEEDS_TOTP = override_settings(
    PALERMO_SECOND_FACTOR_ROLES=["national_admin"], OTP_TOTP_THROTTLE_FACTOR=0
)


@ADMIN_NEEDS_TOTP
def test_a_merge_through_the_api_needs_a_fresh_code(personas, actor):
    officer = actor("officer_minsk")
    a = do_register_case(actor=officer, person=person_input(), case=case_input())
    b = do_register_case(actor=officer, person=person_input(), case=case_input())
    admin = dataclasses.replace(actor("admin"), second_factor_at=timezone.now())
    device = AuthenticatorDevice.objects.create(
        user=admin.user, name="authenticator", confirmed=True
    )
    token = do_issue_api_token(actor=admin, name="merges").key
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    body = {"survivor_id": a.person.pk, "merged_id": b.person.pk, "reason": "Same person."}

    refused = api.post("/api/people/merges/", body, content_type="application/json")
    assert refused.status_code == 403
    assert "X-Second-Factor" in refused.json()["detail"]
    wrong = api.post(
        "/api/people/merges/", body, content_type="application/json", HTTP_X_SECOND_FACTOR="000000"
    )
    assert wrong.status_code == 403
    assert not PersonMerge.objects.exists()

    code = str(totp(device.bin_key)).zfill(6)
    done = api.post(
        "/api/people/merges/", body, content_type="application/json", HTTP_X_SECOND_FACTOR=code
    )
    assert done.status_code == 201
