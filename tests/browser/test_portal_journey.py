"""In a real browser, a citizen who is not logged in checks agencies on the public portal (by
licence number, taxpayer number and name: licensed, not licensed, on the list, unknown) and then
leaves a tip through the portal's form, getting past its anti-abuse check the way a person does."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from palermo.accounts.actor import Actor
from palermo.hotline.models import Tip
from palermo.registries.services import (
    LicenceInput,
    OrganisationInput,
    StepInput,
    do_change_licence_status,
    do_record_organisation_step,
    do_record_suspension,
    do_register_licence,
)
from tests.browser.journey_steps import ServerClock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LICENSED = "ООО «Работа за рубежом»"
REVOKED = "ЧУП «Лёгкі заробак»"
LISTED = "ООО «Модельное агентство Звезда»"
TIP = (
    "An agency in Minsk offers waitress jobs in Dubai, pays the ticket and asks the girls to hand "
    "over their passports on arrival."
)


def registry_entries(registrar: Actor) -> None:
    """What the registry officer has recorded: a valid licence, a revoked one, a listed
    organisation (the officer's own journey is in test_registry_journey.py)."""
    today = timezone.localdate()
    do_register_licence(
        actor=registrar,
        data=LicenceInput(
            kind="employment_abroad", number="02230/0123456", holder_name=LICENSED,
            holder_type="legal_person", taxpayer_number="190123456",
            issued_on=date(2024, 3, 1), valid_from=date(2024, 3, 1), valid_until=None,
        ),
    )  # fmt: skip
    revoked = do_register_licence(
        actor=registrar,
        data=LicenceInput(
            kind="employment_abroad", number="02230/0999999", holder_name=REVOKED,
            holder_type="legal_person", taxpayer_number="190765432",
            issued_on=date(2023, 1, 10), valid_from=date(2023, 1, 10), valid_until=None,
        ),
    )  # fmt: skip
    do_change_licence_status(
        actor=registrar, licence=revoked, expected_version=revoked.version, to_status="revoked",
        decided_on=today - timedelta(days=30), document_reference="MIA decision No. 77",
    )  # fmt: skip
    org = do_record_suspension(
        actor=registrar,
        data=OrganisationInput(
            name=LISTED, registration_number="191234567", country="BY", kind="domestic",
            suspended_on=today - timedelta(days=120),
            document_reference="Decision of the Prosecutor General No. 12",
        ),
    )  # fmt: skip
    for step, days_ago in (("court_requested", 100), ("recognised", 60), ("listed", 30)):
        org = do_record_organisation_step(
            actor=registrar,
            organisation=org,
            data=StepInput(
                step=step,
                occurred_on=today - timedelta(days=days_ago),
                document_reference=f"Document of the step {step}",
            ),
        )


def check(page: Page, query: str) -> None:
    page.get_by_label("Name, taxpayer number or licence number").fill(query)
    with page.expect_navigation():
        page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("heading", name=f"Results for “{query}”")).to_be_visible()


def result_of(page: Page, name: str) -> Locator:
    """The "Result" cell of the row of ``name``."""
    return page.get_by_role("row").filter(has_text=name).get_by_role("cell").nth(2)


def test_a_citizen_checks_agencies_and_leaves_a_tip(page, live_server, actor, monkeypatch):
    registry_entries(actor("registry_officer"))
    cache.clear()  # the tip form's rate limit: no attempts left over from other tests
    clock = ServerClock(monkeypatch)

    page.goto(f"{live_server.url}/portal/")
    expect(
        page.get_by_role("heading", name="Going abroad to work or study? Check first.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)  # nobody is logged in
    portal_menu = page.get_by_role("navigation", name="Portal")
    with page.expect_navigation():
        portal_menu.get_by_role("link", name="Check an agency").click()
    expect(page.get_by_role("heading", name="Check an agency", exact=True)).to_be_visible()

    # By licence number: licensed.
    check(page, "02230/0123456")
    expect(result_of(page, LICENSED)).to_have_text("Licensed")
    expect(page.get_by_role("row").filter(has_text=LICENSED)).to_contain_text("02230/0123456")
    # By taxpayer number: the licence was revoked, so not licensed.
    check(page, "190765432")
    expect(result_of(page, REVOKED)).to_have_text("Not licensed")
    expect(page.get_by_role("row").filter(has_text=REVOKED)).to_contain_text("licence revoked")
    # By part of the name, in any case: on the published list.
    check(page, "звезда")
    expect(result_of(page, LISTED)).to_have_text(
        "On the list of organisations involved in trafficking"
    )
    # An agency nobody knows.
    check(page, "Sunny Jobs Abroad")
    expect(page.get_by_role("table")).to_have_count(0)
    expect(
        page.get_by_text("Nothing found: no licence and no listed organisation matches.")
    ).to_be_visible()
    expect(page.get_by_text("Published under Law No. 350-Z, Art. 16 p.3")).to_be_visible()

    # The citizen reports the offer.
    with page.expect_navigation():
        portal_menu.get_by_role("link", name="Report a concern").click()
    expect(page.get_by_role("heading", name="Report a concern")).to_be_visible()
    expect(page.get_by_role("textbox", name="Leave this field empty")).to_have_count(0)
    page.get_by_label("Where did it happen? (region)").select_option(label="Minsk City")
    page.get_by_label("What happened?").fill(TIP)
    page.get_by_label("How can we reach you? (optional)").fill("+375 29 123 45 67")
    # A browser driven by a program sends at once; the form asks to check and send again,
    # keeping what was written.
    with page.expect_navigation():
        page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("alert")).to_have_text(
        "That was very quick. Please check your message and send it again."
    )
    expect(page.get_by_label("What happened?")).to_have_value(TIP)
    expect(page.get_by_label("Where did it happen? (region)")).to_have_value("BY-HM")
    assert not Tip.objects.exists()

    clock.advance(30)  # the citizen reads the message over again
    with page.expect_navigation():
        page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Your message has reached the hotline.")

    tip = Tip.objects.get()
    assert (tip.source, tip.region, tip.status) == ("portal", "BY-HM", "new")
    assert tip.what_happened == TIP
    assert tip.contact == "+375 29 123 45 67"
