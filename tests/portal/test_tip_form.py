"""The public tip form: no personal data required; honeypot, signed timestamp, rate limit."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from palermo.hotline.models import Tip
from palermo.portal import antiabuse

TEXT = "A woman at the bus station was offered a job in a sauna abroad; they took her passport."


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch):
    """The form's clock stands still: "too fast" must not depend on how fast the machine is."""
    frozen = antiabuse.now()
    monkeypatch.setattr(antiabuse, "now", lambda: frozen)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def token(seconds_ago: float) -> str:
    return antiabuse.issue_token(at=antiabuse.now() - seconds_ago)


def post(client, **data):
    values = {
        "region": "BY-HO",
        "what_happened": TEXT,
        "contact": "",
        "website": "",
        "token": token(30),
    }
    values.update(data)
    return client.post(
        reverse("portal:tip", args=["en"]), values, REMOTE_ADDR=data.pop("ip", "203.0.113.5")
    )


def test_form_works_without_javascript_or_cookies(client, db):
    response = client.get(reverse("portal:tip", args=["en"]))
    html = response.content.decode()
    assert "<script" not in html
    assert re.search(r'name="token" value="[^"]+"', html)
    assert 'for="id_what_happened"' in html and 'for="id_contact"' in html
    assert "csrftoken" not in response.cookies


def test_valid_anonymous_tip_lands_in_the_hotline_queue(client, client_for):
    response = post(client)
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    tip = Tip.objects.get()
    assert (tip.source, tip.status, tip.region, tip.contact) == ("portal", "new", "BY-HO", "")
    queue = client_for("hotline_operator").get(reverse("hotline:tips")).content.decode()
    assert tip.reference in queue


def test_contact_is_kept_encrypted(client, db):
    post(client, contact="tipster@example.org")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT contact FROM hotline_tip")
        (raw,) = cursor.fetchone()
    assert "tipster@example.org" not in raw
    assert Tip.objects.get().contact == "tipster@example.org"


def test_honeypot_filled_in_keeps_nothing(client, db):
    response = post(client, website="http://spam.example")
    assert response.status_code == 200  # the bot is not told
    assert Tip.objects.count() == 0


def test_too_fast_is_rejected(client, db):
    response = post(client, token=token(0))
    assert response.status_code == 400
    assert "very quick" in response.content.decode()
    assert TEXT in response.content.decode()  # what the person typed is kept
    assert Tip.objects.count() == 0


def test_too_old_is_rejected(client, db):
    response = post(client, token=token(antiabuse.MAX_SECONDS + 60))
    assert response.status_code == 400 and "long time" in response.content.decode()
    assert Tip.objects.count() == 0


@pytest.mark.parametrize("bad", ["", "123", "1700000000:forged-signature"])
def test_forged_token_is_rejected(client, db, bad):
    assert post(client, token=bad).status_code == 400
    assert Tip.objects.count() == 0


def test_bad_input_gives_clear_errors(client, db):
    response = post(client, what_happened="help", region="XX")
    assert response.status_code == 400
    assert Tip.objects.count() == 0


def test_rate_limit_per_client_address(client, settings, db):
    settings.PALERMO_TIP_RATE_LIMIT = 3
    for _ in range(3):
        assert post(client).status_code == 200
    blocked = post(client)
    assert blocked.status_code == 429 and "Too many messages" in blocked.content.decode()
    assert Tip.objects.count() == 3
    # Another address is not affected.
    other = client.post(
        reverse("portal:tip", args=["en"]),
        {"region": "", "what_happened": TEXT, "token": token(30)},
        REMOTE_ADDR="198.51.100.7",
    )
    assert other.status_code == 200 and Tip.objects.count() == 4
