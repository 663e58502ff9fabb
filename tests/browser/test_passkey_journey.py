"""In a real browser with a platform authenticator (Chromium's virtual authenticator, driven over
the DevTools protocol), the national administrator adds a passkey as their first second factor,
logs out, logs in with password and passkey, and later passes a step-up with it."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from playwright.sync_api import Page, expect

from palermo.accounts.models import PasskeyDevice
from palermo.accounts.second_factor import SESSION_SECOND_FACTOR_AT
from tests.browser.journey_steps import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def passkey_site(settings, live_server) -> None:
    settings.PALERMO_SECOND_FACTOR_ROLES = ["national_admin"]
    settings.PALERMO_WEBAUTHN_RP_ID = "localhost"
    settings.PALERMO_WEBAUTHN_ORIGINS = [live_server.url.replace("127.0.0.1", "localhost")]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]


def _virtual_authenticator(page: Page) -> tuple[Any, str]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def _age_second_factor(page: Page) -> None:
    """Time passes: the session's last confirmation is now an hour old."""
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[SESSION_SECOND_FACTOR_AT] = (timezone.now() - timedelta(hours=1)).isoformat()
    session.save()


def test_passkey_enrolment_log_in_and_step_up(page, live_server, personas, passkey_site):
    # WebAuthn needs a host name as the relying party ID (an IP address cannot be one).
    site = SimpleNamespace(url=live_server.url.replace("127.0.0.1", "localhost"))
    cdp, authenticator = _virtual_authenticator(page)

    # First log-in: the role needs a second factor; the administrator chooses a passkey.
    login(page, site, "admin")
    page.goto(f"{site.url}/cases/")
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    page.get_by_role("link", name="Or use a passkey or security key instead").click()
    page.get_by_label("Passkey name").fill("Work laptop")
    page.get_by_role("button", name="Add a passkey").click()
    # Back where the administrator was going, with the session confirmed by the new passkey.
    expect(page.get_by_text("The passkey was added.")).to_be_visible()
    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
    page.get_by_role("link", name="Passkeys").click()
    expect(page.get_by_role("cell", name="Work laptop", exact=True)).to_be_visible()
    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(stored["credentials"]) == 1
    logout(page)

    # Next log-in: password, then the passkey.
    login(page, site, "admin")
    page.goto(f"{site.url}/cases/")
    expect(page.get_by_role("heading", name="Confirm your second factor")).to_be_visible()
    page.get_by_role("button", name="Use a passkey").click()
    expect(page).to_have_url(f"{site.url}/cases/")
    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
    assert PasskeyDevice.objects.get().last_used_at is not None

    # Later: managing passkeys asks for a fresh confirmation (step-up), which the passkey gives.
    _age_second_factor(page)
    page.goto(f"{site.url}/accounts/passkeys/")
    fresh = "This action needs a fresh confirmation of your second factor."
    expect(page.get_by_text(fresh)).to_be_visible()
    page.get_by_role("button", name="Use a passkey").click()
    expect(page).to_have_url(f"{site.url}/accounts/passkeys/")
    expect(page.get_by_role("cell", name="Work laptop", exact=True)).to_be_visible()
