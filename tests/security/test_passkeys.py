"""Passkeys (WebAuthn) as a second factor, over HTTP as a browser's script would use them:
enrolment, log-in, step-up, removal, and the answers that must be refused (a replayed challenge,
another origin or site, a counter that goes back, another user's passkey)."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from palermo.accounts.actor import actor_for_user
from palermo.accounts.models import PasskeyDevice
from palermo.accounts.passkeys import SESSION_CHALLENGE
from palermo.accounts.second_factor import SESSION_SECOND_FACTOR_AT
from palermo.accounts.services import do_confirm_totp_device, do_issue_api_token
from palermo.core.models import AuditEvent
from tests.accounts.soft_authenticator import SoftAuthenticator

PASSWORD = "persona-password-1"
TOTP_KEY = "3132333435363738393031323334353637383930"


@pytest.fixture(autouse=True)
def _passkeys_for_testserver(settings) -> None:
    settings.PALERMO_SECOND_FACTOR_ROLES = ["national_admin"]
    settings.PALERMO_WEBAUTHN_RP_ID = "testserver"
    settings.PALERMO_WEBAUTHN_ORIGINS = ["http://testserver"]


def logged_in(username: str = "admin") -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def post_json(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def enrol(client: Client, authenticator: SoftAuthenticator, name: str = "laptop", **kw: Any) -> Any:
    options = post_json(client, reverse("accounts:passkey_register_options")).json()
    credential = authenticator.create(options, **kw)
    return post_json(
        client, reverse("accounts:passkey_register"), {"name": name, "credential": credential}
    )


def confirm(client: Client, authenticator: SoftAuthenticator, **kw: Any) -> Any:
    options = post_json(client, reverse("accounts:passkey_verify_options")).json()
    return post_json(
        client, reverse("accounts:passkey_verify"), {"credential": authenticator.get(options, **kw)}
    )


@pytest.fixture
def enrolled(personas) -> SoftAuthenticator:
    """The national administrator with one passkey (enrolled as their first second factor)."""
    authenticator = SoftAuthenticator()
    assert enrol(logged_in(), authenticator).status_code == 201
    return authenticator


def failures() -> list[str]:
    return [e.data["reason"] for e in AuditEvent.objects.filter(action="user.passkey_failed")]


def test_a_first_passkey_is_enrolled_and_confirms_the_session(personas):
    client = logged_in()
    assert client.get("/api/cases/").status_code == 403
    setup = client.get(reverse("accounts:two_factor")).content.decode()
    assert "Or use a passkey or security key instead" in setup
    assert client.get(reverse("accounts:passkeys")).status_code == 200
    response = enrol(client, SoftAuthenticator(), name="Work laptop")
    assert response.status_code == 201
    passkey = PasskeyDevice.objects.get(user__username="admin")
    assert passkey.name == "Work laptop" and passkey.transports == ["internal"]
    assert AuditEvent.objects.filter(action="user.passkey_added").count() == 1
    # The session has its second factor now, on pages and in the API.
    assert client.get("/api/cases/").status_code == 200
    page = client.get(reverse("accounts:passkeys")).content.decode()
    assert "Work laptop" in page


def test_log_in_with_password_and_passkey(enrolled):
    client = logged_in()
    assert client.get(reverse("cases:list")).status_code == 302
    assert client.get("/api/cases/").status_code == 403
    response = client.get(reverse("accounts:two_factor"))
    page = response.content.decode()
    assert "Use a passkey" in page and 'name="token"' not in page  # no authenticator app
    # The page may use WebAuthn itself; no frame from elsewhere may.
    assert "publickey-credentials-get=(self)" in response["Permissions-Policy"]
    # Fetching options alone confirms nothing.
    post_json(client, reverse("accounts:passkey_verify_options"))
    assert client.get("/api/cases/").status_code == 403
    response = confirm(client, enrolled)
    assert response.status_code == 200 and response.json()["redirect"] == "/"
    assert client.get(reverse("cases:list")).status_code == 200
    assert client.get("/api/cases/").status_code == 200
    assert PasskeyDevice.objects.get().sign_count == 1


def test_a_replayed_answer_is_refused(enrolled):
    client = logged_in()
    options = post_json(client, reverse("accounts:passkey_verify_options")).json()
    answer = {"credential": enrolled.get(options)}
    assert post_json(client, reverse("accounts:passkey_verify"), answer).status_code == 200
    other = logged_in()  # the same answer, captured and sent by someone else's session
    post_json(other, reverse("accounts:passkey_verify_options"))
    assert post_json(other, reverse("accounts:passkey_verify"), answer).status_code == 400
    # And again on the first session, whose challenge is used up.
    again = post_json(client, reverse("accounts:passkey_verify"), answer)
    assert again.status_code == 400
    assert "expired or was already used" in again.json()["errors"]["credential"][0]
    assert failures() == ["invalid", "challenge"]
    assert other.get("/api/cases/").status_code == 403


def test_an_expired_challenge_is_refused(enrolled):
    client = logged_in()
    options = post_json(client, reverse("accounts:passkey_verify_options")).json()
    session = client.session
    session[SESSION_CHALLENGE]["expires"] = 0
    session.save()
    answer = {"credential": enrolled.get(options)}
    assert post_json(client, reverse("accounts:passkey_verify"), answer).status_code == 400
    assert client.get("/api/cases/").status_code == 403


@pytest.mark.parametrize(
    "tamper", [{"origin": "https://palermo.example.net"}, {"rp_id": "example.net"}]
)
def test_an_answer_for_another_origin_or_site_is_refused(enrolled, tamper):
    client = logged_in()
    response = confirm(client, enrolled, **tamper)
    assert response.status_code == 400
    assert "could not be verified" in response.json()["errors"]["credential"][0]
    assert client.get("/api/cases/").status_code == 403
    assert failures() == ["invalid"]


def test_registration_from_another_origin_is_refused(personas):
    client = logged_in()
    response = enrol(client, SoftAuthenticator(), origin="https://evil.example")
    assert response.status_code == 400
    assert not PasskeyDevice.objects.exists()
    assert client.get("/api/cases/").status_code == 403


def test_a_signature_counter_that_goes_back_is_refused_as_a_clone(enrolled):
    PasskeyDevice.objects.update(sign_count=10)
    client = logged_in()
    assert confirm(client, enrolled, sign_count=10).status_code == 400
    assert confirm(client, enrolled, sign_count=3).status_code == 400
    assert client.get("/api/cases/").status_code == 403
    assert confirm(client, enrolled, sign_count=11).status_code == 200
    assert PasskeyDevice.objects.get().sign_count == 11


def test_another_users_passkey_is_refused(enrolled, personas, settings):
    settings.PALERMO_SECOND_FACTOR_ROLES = ["national_admin", "ct_officer"]
    officer = logged_in("officer_minsk")
    mine = SoftAuthenticator()
    assert enrol(officer, mine).status_code == 201
    client = logged_in("officer_minsk")
    # The administrator's authenticator answers the officer's challenge.
    response = confirm(client, enrolled)
    assert response.status_code == 400
    assert "not registered for your account" in response.json()["errors"]["credential"][0]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "", "credential": {}}, "name"),
        ({"name": "a\u202eb", "credential": {}}, "name"),
        ({"name": "x" * 65, "credential": {}}, "name"),
        ({"name": "laptop", "credential": "nope"}, "credential"),
        ({"name": "laptop", "credential": {"id": "x", "response": {}}}, "credential"),
    ],
)
def test_bad_enrolment_input_is_a_400_naming_the_field(personas, body, field):
    client = logged_in()
    post_json(client, reverse("accounts:passkey_register_options"))
    response = post_json(client, reverse("accounts:passkey_register"), body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not PasskeyDevice.objects.exists()


@pytest.mark.parametrize(
    "credential",
    [
        "nope",
        {"rawId": ["x"], "response": {}},
        {"rawId": "x", "response": "y"},
        {"id": "x", "rawId": "x", "type": "public-key", "response": {"signature": 1}},
    ],
)
def test_a_malformed_answer_is_a_400(enrolled, credential):
    client = logged_in()
    post_json(client, reverse("accounts:passkey_verify_options"))
    response = post_json(client, reverse("accounts:passkey_verify"), {"credential": credential})
    assert response.status_code == 400
    assert "credential" in response.json()["errors"]
    assert client.get("/api/cases/").status_code == 403


def test_malformed_json_is_a_400(enrolled):
    client = logged_in()
    post_json(client, reverse("accounts:passkey_verify_options"))
    deep = "[" * 100_000 + "]" * 100_000
    response = client.post(
        reverse("accounts:passkey_verify"), deep, content_type="application/json"
    )
    assert response.status_code == 400
    response = client.post(reverse("accounts:passkey_verify"), "{", content_type="application/json")
    assert response.status_code == 400


def test_a_second_passkey_needs_a_recent_second_factor(enrolled):
    client = logged_in()  # password only: the passkey it has is not confirmed
    refused = post_json(client, reverse("accounts:passkey_register_options"))
    assert refused.status_code == 403
    assert client.get(reverse("accounts:passkeys")).status_code == 302
    confirm(client, enrolled)
    # A confirmation older than the step-up window is not enough either.
    session = client.session
    session[SESSION_SECOND_FACTOR_AT] = (timezone.now() - timezone.timedelta(hours=1)).isoformat()
    session.save()
    page = client.get(reverse("accounts:passkeys"))
    assert page.status_code == 302 and "step_up=1" in page["Location"]
    assert confirm(client, enrolled).status_code == 200
    assert enrol(client, SoftAuthenticator(), name="key").status_code == 201
    assert PasskeyDevice.objects.count() == 2


def test_the_step_up_page_offers_the_passkey_and_it_passes_the_step_up(enrolled):
    client = logged_in()
    confirm(client, enrolled)
    session = client.session
    session[SESSION_SECOND_FACTOR_AT] = (timezone.now() - timezone.timedelta(hours=1)).isoformat()
    session.save()
    target = reverse("accounts:passkeys")
    step_up = client.get(target)["Location"]
    page = client.get(step_up).content.decode()
    assert "Use a passkey" in page and "fresh confirmation" in page
    verify_url = re.search(r'data-verify-url="([^"]+)"', page).group(1).replace("&amp;", "&")
    options = post_json(client, reverse("accounts:passkey_verify_options")).json()
    response = post_json(client, verify_url, {"credential": enrolled.get(options)})
    assert response.json()["redirect"] == target
    assert client.get(target).status_code == 200


def test_the_last_second_factor_cannot_be_removed(enrolled):
    client = logged_in()
    confirm(client, enrolled)
    passkey = PasskeyDevice.objects.get()
    response = client.post(reverse("accounts:passkey_remove", args=[passkey.pk]), follow=True)
    assert "add another before removing" in response.content.decode()
    assert PasskeyDevice.objects.filter(pk=passkey.pk).exists()
    # With an authenticator app beside it, the passkey can go.
    admin = dataclasses.replace(actor_for_user(passkey.user), second_factor_at=timezone.now())
    do_confirm_totp_device(actor=admin, key=TOTP_KEY)
    response = client.post(reverse("accounts:passkey_remove", args=[passkey.pk]), follow=True)
    assert "The passkey was removed." in response.content.decode()
    assert not PasskeyDevice.objects.exists()
    assert AuditEvent.objects.filter(action="user.passkey_removed").count() == 1


def test_nobody_removes_anothers_passkey(enrolled, client_for):
    passkey = PasskeyDevice.objects.get()
    officer = client_for("officer_minsk")
    assert officer.post(reverse("accounts:passkey_remove", args=[passkey.pk])).status_code == 404
    assert PasskeyDevice.objects.filter(pk=passkey.pk).exists()


def test_a_role_without_the_requirement_removes_its_only_passkey(personas):
    officer = logged_in("officer_minsk")
    assert enrol(officer, SoftAuthenticator()).status_code == 201
    passkey = PasskeyDevice.objects.get()
    officer.post(reverse("accounts:passkey_remove", args=[passkey.pk]))
    assert not PasskeyDevice.objects.exists()


def test_a_token_issued_after_a_passkey_works_and_needs_it(enrolled, actor):
    admin = dataclasses.replace(actor("admin"), second_factor_at=timezone.now())
    key = do_issue_api_token(actor=admin, name="integration").key
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/cases/").status_code == 200
    PasskeyDevice.objects.all().delete()  # e.g. removed by an administrator
    assert api.get("/api/cases/").status_code == 401


def test_passkeys_are_not_offered_when_not_configured(personas, settings):
    settings.PALERMO_WEBAUTHN_RP_ID = ""
    client = logged_in()
    assert client.get(reverse("accounts:passkeys")).status_code == 404
    assert "passkey" not in client.get(reverse("accounts:two_factor")).content.decode()


def test_the_public_key_is_stored_encrypted(enrolled):
    from django.db import connection

    passkey = PasskeyDevice.objects.get()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT public_key FROM {PasskeyDevice._meta.db_table} WHERE id = %s", [passkey.pk]
        )
        (raw,) = cursor.fetchone()
    assert passkey.public_key and passkey.public_key not in str(raw)
