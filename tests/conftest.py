"""Personas of DESIGN.md, used by every test: fixed names, created through the real services."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from pytest_django import DjangoDbBlocker
from pytest_django.plugin import blocking_manager_key
from rest_framework.test import APIClient

from palermo.accounts.actor import Actor, actor_for_membership
from palermo.accounts.models import Membership
from palermo.accounts.services import do_issue_api_token
from palermo.cases.models import Case
from palermo.cases.services import CaseInput, do_register_case
from palermo.core.audit.guard import flushing
from palermo.core.models import AuditEvent, AuditSeal
from palermo.demo.personas import PERSONAS, ensure_personas
from palermo.jurisdictions.pack import _cached as _cached_pack
from palermo.jurisdictions.pack import clear_pack_cache, configured_pack_name, pack_folders
from palermo.people.services import PersonInput
from tests.browser_defaults import patient

PERSONA_NAMES = [p.username for p in PERSONAS]


PERSONA_PASSWORD = "persona-password-1"


def _default_pack_key() -> tuple[str, tuple[Path, ...]]:
    return configured_pack_name(), tuple(pack_folders())


@pytest.fixture(autouse=True)
def _fresh_pack() -> Iterator[None]:
    """Each test starts with no pack but the configured one, as read from disk.

    Parsing the shipped pack costs a third of a second, so the configured pack is kept from
    one test to the next (it is immutable and the shipped files are never edited); a test that
    loaded any other pack (``override_settings``, a pack written to ``tmp_path``) or cleared
    the cache itself leaves a cache that is emptied, as before."""
    if _cached_pack.cache_info().currsize > 1:
        clear_pack_cache()
    yield
    size = _cached_pack.cache_info().currsize
    if size == 0:
        return
    if size == 1:
        hits = _cached_pack.cache_info().hits
        _cached_pack(*_default_pack_key())
        if _cached_pack.cache_info().hits > hits:
            return  # the one pack kept is the configured one
    clear_pack_cache()


# The personas are created once per test database (see django_db_setup below) and each test
# reads them back: a test's rollback leaves them as they were.  A test that flushes the
# database (transactional_db, live_server) has them created again after it.
_persona_ids: dict[str, int] = {}


def _create_personas() -> None:
    """The personas, committed, with an empty audit log: a test starts from a log that holds
    only its own events, as it did when the personas were created inside each test and the log
    was verified or counted there."""
    memberships = ensure_personas(password=PERSONA_PASSWORD)
    _persona_ids.clear()
    _persona_ids.update({name: m.pk for name, m in memberships.items()})
    _empty_audit_log()


def _empty_audit_log() -> None:
    # As the test runner empties tables between transactional tests (TRUNCATE on PostgreSQL,
    # DELETE under the flush guard on SQLite): the triggers refuse any other way, on purpose.
    tables = [AuditEvent._meta.db_table, AuditSeal._meta.db_table]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            with flushing():
                for table in tables:
                    cursor.execute(f"DELETE FROM {table}")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> None:
    with django_db_blocker.unblock():
        _create_personas()


def _flushes_database(item: pytest.Item) -> bool:
    """Whether pytest-django ran ``item`` as a TransactionTestCase (emptying every table after)."""
    names = getattr(item, "fixturenames", ())
    if {"transactional_db", "live_server", "django_db_reset_sequences"} & set(names):
        return True
    marker = item.get_closest_marker("django_db")
    return bool(
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    result = yield
    if _persona_ids and nextitem is not None and _flushes_database(item):
        with item.config.stash[blocking_manager_key].unblock():
            _create_personas()
    return result


def load_personas() -> dict[str, Membership]:
    """The personas' memberships, read back (fresh objects: a test may change its own)."""
    found = Membership.objects.select_related("user", "agency").in_bulk(_persona_ids.values())
    if len(found) != len(PERSONA_NAMES):  # not there (a database emptied mid-test): create
        return ensure_personas(password=PERSONA_PASSWORD)
    return {name: found[pk] for name, pk in _persona_ids.items()}


@pytest.fixture
def personas(db: None) -> dict[str, Membership]:
    return load_personas()


@contextlib.contextmanager
def shared_by_module(django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """For a module-scoped fixture that builds costly data once for the module's tests, as
    Django's ``setUpTestData`` does: the data is written in a transaction that each test's own
    (nested) transaction rolls back to, and that is rolled back when the module is done.
    Only for modules whose tests all use ``db`` (not ``transactional_db``)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


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
