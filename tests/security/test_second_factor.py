"""The second factor holds on every channel: HTML, API with the session, API with a token."""

from __future__ import annotations

import dataclasses
import re

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.oath import totp

from palermo.accounts.models import AuthenticatorDevice
from palermo.accounts.services import do_issue_api_token

PASSWORD = "persona-password-1"
ADMIN_NEEDS_TOTP = override_settings(
    PALERMO_SECOND_FACTOR_ROLES=["national_admin"], OTP_TOTP_THROTTLE_FACTOR=0
)


def logged_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def current_code(device: AuthenticatorDevice) -> str:
    return str(totp(device.bin_key, step=device.step, digits=device.digits)).zfill(device.digits)


def set_up_totp(client: Client) -> AuthenticatorDevice:
    page = client.get(reverse("accounts:two_factor")).content.decode()
    secret = re.search(r'class="secret">([A-Z2-7]+)<', page).group(1)
    import base64

    key = base64.b32decode(secret)
    code = str(totp(key)).zfill(6)
    assert client.post(reverse("accounts:two_factor"), {"token": code}).status_code == 302
    return AuthenticatorDevice.objects.get(user__username="admin", confirmed=True)


def api_paths() -> list[str]:
    """Every API URL pattern, with 1 for each path argument."""
    found: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            else:
                found.append("/" + re.sub(r"<(?:\w+:)?\w+>", "1", route).lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return sorted(p for p in found if p.startswith("/api/"))


@ADMIN_NEEDS_TOTP
def test_every_api_endpoint_refuses_a_session_without_the_second_factor(personas, minsk_case):
    client = logged_in("admin")
    assert client.get("/cases/").status_code == 302  # the HTML side already asked for it
    paths = api_paths()
    assert len(paths) > 50
    answered = {path: client.get(path).status_code for path in paths}
    assert {path: code for path, code in answered.items() if code != 403} == {}
    posted = {path: client.post(path, {}).status_code for path in paths}
    assert {path: code for path, code in posted.items() if code != 403} == {}


@ADMIN_NEEDS_TOTP
def test_the_same_session_reaches_the_api_after_confirming_a_code(personas, minsk_case):
    client = logged_in("admin")
    assert client.get("/api/cases/").status_code == 403
    set_up_totp(client)
    response = client.get("/api/cases/")
    assert response.status_code == 200
    assert response.json()["count"] == 1


@ADMIN_NEEDS_TOTP
def test_issuing_a_token_needs_the_second_factor(personas):
    client = logged_in("admin")
    # Not even the page, before the code.
    assert client.post(reverse("accounts:api_tokens"), {"name": "x"}).status_code == 302
    set_up_totp(client)
    page = client.post(reverse("accounts:api_tokens"), {"name": "nightly"}).content.decode()
    key = re.search(r"plm_[0-9a-f]{8}_[\w-]+", page).group(0)
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/cases/").status_code == 200


def test_a_token_issued_before_the_requirement_stops_working(personas, actor, minsk_case):
    issued = do_issue_api_token(actor=actor("admin"), name="old integration")
    api = Client(HTTP_AUTHORIZATION=f"Token {issued.key}")
    assert api.get("/api/cases/").status_code == 200
    with ADMIN_NEEDS_TOTP:
        refused = api.get("/api/cases/")
        assert refused.status_code == 401
        assert "second factor" in refused.json()["detail"]


def test_a_token_stops_working_when_its_user_loses_the_second_factor(personas, actor):
    verified = dataclasses.replace(actor("admin"), second_factor_at=timezone.now())
    AuthenticatorDevice.objects.create(user=verified.user, name="authenticator", confirmed=True)
    with ADMIN_NEEDS_TOTP:
        issued = do_issue_api_token(actor=verified, name="integration")
        api = Client(HTTP_AUTHORIZATION=f"Token {issued.key}")
        assert api.get("/api/me/").status_code == 200
        AuthenticatorDevice.objects.filter(user=verified.user).delete()
        assert api.get("/api/me/").status_code == 401


@ADMIN_NEEDS_TOTP
def test_the_service_refuses_a_token_without_the_second_factor(personas, actor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="second factor"):
        do_issue_api_token(actor=actor("admin"), name="integration")


@ADMIN_NEEDS_TOTP
def test_opening_the_second_factor_page_writes_nothing(personas):
    client = logged_in("admin")
    for _ in range(3):
        assert client.get(reverse("accounts:two_factor")).status_code == 200
    assert not AuthenticatorDevice.objects.filter(user__username="admin").exists()
    # The key offered stays the same until confirmed, so the app scanned once keeps working.
    first = client.get(reverse("accounts:two_factor")).content.decode()
    second = client.get(reverse("accounts:two_factor")).content.decode()
    secret = re.compile(r'class="secret">([A-Z2-7]+)<')
    assert secret.search(first).group(1) == secret.search(second).group(1)


@override_settings(PALERMO_SECOND_FACTOR_ROLES=[], PALERMO_SECOND_FACTOR_FOR_IDENTITY=True)
@pytest.mark.parametrize(
    ("persona", "asked"),
    [
        ("officer_minsk", True),
        ("caseworker_gomel", True),
        ("investigator", True),
        ("hotline_operator", True),
        ("admin", True),
        ("analyst", False),
        ("registry_officer", False),
        ("fund_officer", False),
    ],
)
def test_roles_that_see_identities_need_the_second_factor_by_default(personas, persona, asked):
    response = logged_in(persona).get("/api/me/")
    assert (response.status_code == 403) is asked
