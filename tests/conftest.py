"""Personas of DESIGN.md, used by every test: fixed names, created through the real services."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from rest_framework.test import APIClient

from palermo.accounts.actor import Actor, actor_for_membership
from palermo.accounts.models import Membership
from palermo.accounts.services import do_issue_api_token
from palermo.cases.models import Case
from palermo.cases.services import CaseInput, do_register_case
from palermo.demo.personas import PERSONAS, ensure_personas
from palermo.jurisdictions.pack import clear_pack_cache
from palermo.people.services import PersonInput
from tests.browser_defaults import patient

PERSONA_NAMES = [p.username for p in PERSONAS]


@pytest.fixture(autouse=True)
def _fresh_pack() -> None:
    clear_pack_cache()


@pytest.fixture
def personas(db: None) -> dict[str, Membership]:
    return ensure_personas(password="persona-password-1")


@pytest.fixture
def actor(personas: dict[str, Membership]) -> Callable[[str], Actor]:
    def make(name: str) -> Actor:
        return actor_for_membership(personas[name])

    return make


@pytest.fixture
def client_for(personas: dict[str, Membership]) -> Callable[[str], Client]:
    def make(name: str) -> Client:
        client = Client()
        client.force_login(personas[name].user)
        return client

    return make


@pytest.fixture
def api_for(
    personas: dict[str, Membership], actor: Callable[[str], Actor]
) -> Callable[[str], APIClient]:
    """An API client authenticated with a real token of the persona (where the role may have one)."""

    def make(name: str) -> APIClient:
        client = APIClient()
        if actor(name).can("api.tokens"):  # type: ignore[arg-type]
            issued = do_issue_api_token(actor=actor(name), name="tests")
            client.credentials(HTTP_AUTHORIZATION=f"Token {issued.key}")
        else:
            client.force_authenticate(user=personas[name].user)
        return client

    return make


# A section of the case page that htmx loads once the page is there (see cases.views.parts).
_CASE_SECTION = re.compile(
    r'<div id="[^"]*" class="case-section" hx-get="(?P<url>[^"]+)"[^>]*>.*?</div>', re.DOTALL
)


def case_page(client: Client, case_id: int) -> HttpResponse:
    """The case page as a browser shows it once htmx has loaded its sections: each section is
    asked for as htmx asks (its own request, its own access check) and put in its place."""
    response = client.get(f"/cases/{case_id}/")
    if response.status_code != 200:
        return response

    def load(match: re.Match[str]) -> str:
        section = client.get(match["url"], HTTP_HX_REQUEST="true")
        assert section.status_code == 200, (match["url"], section.status_code)
        return section.content.decode()

    response.content = _CASE_SECTION.sub(load, response.content.decode()).encode()
    return response


def person_input(**overrides: object) -> PersonInput:
    values: dict[str, object] = {
        "family_name": "Шаўчэнка",
        "given_name": "Вольга",
        "patronymic": "Сяргееўна",
        "family_name_latin": "Shauchenka",
        "given_name_latin": "Volha",
        "date_of_birth": date(1999, 4, 12),
        "gender": "female",
        "citizenship_status": "citizen",
        "citizenship": "BY",
    }
    values.update(overrides)
    return PersonInput(**values)  # type: ignore[arg-type]


def case_input(**overrides: object) -> CaseInput:
    values: dict[str, object] = {
        "identification_method": "law_enforcement",
        "region": "BY-HM",
        "country_of_recruitment": "BY",
        "country_of_exploitation": "RU",
        "identified_on": date(2026, 3, 2),
        "exploitation_started_on": date(2025, 6, 1),
        "exploitation_ended_on": date(2026, 2, 20),
        "exploitation_forms": ["sexual_exploitation"],
        "narrative": "Recruited through a job offer for waitresses in Moscow.",
    }
    values.update(overrides)
    return CaseInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def minsk_case(actor: Callable[[str], Actor]) -> Case:
    """A case registered by the Minsk-city CT officer."""
    return do_register_case(actor=actor("officer_minsk"), person=person_input(), case=case_input())


@pytest.fixture
def server_db(transactional_db: None) -> None:
    """For tests of real concurrent transactions: SQLite serialises writers, PostgreSQL does not."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: real concurrent transactions (SQLite serialises writers)")


CHROMIUM = os.environ.get("PALERMO_CHROMIUM", "/usr/bin/chromium")


# One browser per test session, defined once here: a second definition (in another folder)
# would start a second Playwright inside the first one's event loop.
@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("PALERMO_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM} (install Debian's 'chromium')")
        pytest.skip(
            f"Chromium not found at {CHROMIUM}; install Debian's 'chromium' to run browser tests"
        )
    # Playwright's sync API runs an event loop in this thread; Django's ORM (used by the test's
    # own setup through the live server's database) must be allowed to run alongside it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    patient(page)
    yield page
    context.close()
