"""A cloned passkey answering two challenges at the same moment with the same signature counter:
the passkey's row lock makes the second answer see the counter the first one advanced, so only
one passes (real concurrent transactions: PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from palermo.accounts.models import PasskeyDevice
from palermo.accounts.passkeys import (
    AUTHENTICATE,
    PasskeyError,
    authentication_options,
    do_use_passkey,
    take_challenge,
)
from tests.accounts.soft_authenticator import SoftAuthenticator
from tests.concurrency import sorted_race


@pytest.fixture(autouse=True)
def _passkeys_for_testserver(settings) -> None:
    settings.PALERMO_WEBAUTHN_RP_ID = "testserver"
    settings.PALERMO_WEBAUTHN_ORIGINS = ["http://testserver"]


def test_a_clones_simultaneous_answers_pass_once(server_db, personas, actor):
    admin = actor("admin")
    authenticator = SoftAuthenticator()
    client = Client()
    client.force_login(admin.user)
    url = reverse("accounts:passkey_register_options")
    options = client.post(url, "{}", content_type="application/json").json()
    body = {"name": "key", "credential": authenticator.create(options)}
    registered = client.post(
        reverse("accounts:passkey_register"), json.dumps(body), content_type="application/json"
    )
    assert registered.status_code == 201

    def answer() -> Callable[[], object]:
        session = SessionStore()
        options = json.loads(authentication_options(session, admin.user))
        credential = authenticator.get(options, sign_count=5)  # the clone's count, twice
        challenge = take_challenge(session, AUTHENTICATE)

        def use() -> object:
            try:
                return do_use_passkey(actor=admin, credential=credential, challenge=challenge)
            except PasskeyError as exc:
                raise ValidationError(str(exc)) from None

        return use

    assert sorted_race(answer(), answer()) == ["applied", "refused"]
    assert PasskeyDevice.objects.get().sign_count == 5
