"""In a real browser: a registry officer takes an organisation through the lifecycle of Art. 29
of Law No. 350-Z (suspension by the Prosecutor General, request to the Supreme Court, ruling,
inclusion in the published list), and the public portal shows it only once it is included."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from palermo.registries.models import InvolvedOrganisation
from tests.browser.journey_steps import go_to_menu_page, htmx_swap, login, visitor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "ООО «Кастинг-Эліт»"
UNP = "192345678"


def public_list_shows(browser: Browser, live_server: LiveServer, listed: bool) -> None:
    """What a citizen sees on the portal: the published list, and the check by taxpayer number."""
    with visitor(browser, f"{live_server.url}/portal/en/organisations/") as citizen:
        table = citizen.get_by_role("table")
        if listed:
            expect(table.get_by_role("row").filter(has_text=NAME)).to_contain_text(UNP)
        else:
            expect(table).to_contain_text("No organisation is on the list.")
            expect(table).not_to_contain_text(NAME)
    with visitor(browser, f"{live_server.url}/portal/en/check/?q={UNP}") as citizen:
        if listed:
            expect(
                citizen.get_by_role("row").filter(has_text=NAME).get_by_role("cell").nth(2)
            ).to_have_text("On the list of organisations involved in trafficking")
        else:
            expect(citizen.get_by_text("Nothing found")).to_be_visible()
            expect(citizen.get_by_text(NAME)).to_have_count(0)


def steps_section(page: Page) -> Locator:
    return page.get_by_role("region", name=re.compile(r"^Stage:"))


def record_step(page: Page, step: str, on: date, document: str) -> None:
    """Fills in "Record the next step" and sends it; htmx replaces the steps section."""
    section = steps_section(page)
    section.get_by_label("Step", exact=True).select_option(label=step)
    section.get_by_label("Date", exact=True).fill(on.isoformat())
    section.get_by_label("Document (number and date)").fill(document)
    with htmx_swap(page):
        section.get_by_role("button", name="Record the step").click()
    expect(steps_section(page).get_by_role("status")).to_have_text("The step was recorded.")


def test_an_organisation_is_published_only_once_included_in_the_list(
    page, browser, live_server, personas
):
    today = timezone.localdate()
    public_list_shows(browser, live_server, listed=False)

    # The registry officer records the Prosecutor General's suspension.
    login(page, live_server, "registry_officer")
    go_to_menu_page(page, "Registries", "Registries")
    with page.expect_navigation():
        page.get_by_role("link", name="Organisations involved in trafficking").click()
    expect(
        page.get_by_role("heading", name="Organisations involved in trafficking")
    ).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Record a suspension").click()
    expect(
        page.get_by_role("heading", name="Record the suspension of an organisation")
    ).to_be_visible()
    page.get_by_label("Name", exact=True).fill(NAME)
    page.get_by_label("Kind of organisation").select_option(label="Registered in the country")
    page.get_by_label("Registration number (UNP)").fill(UNP)
    page.get_by_label("Country").select_option(label="Belarus")
    page.get_by_label("Suspended by the Prosecutor General on").fill(
        (today - timedelta(days=90)).isoformat()
    )
    page.get_by_label("Prosecutor General's decision (number and date)").fill(
        "Decision No. 31 of the Prosecutor General"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=NAME, level=1)).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text(f"Suspension of {NAME} recorded.")
    section = steps_section(page)
    expect(section.get_by_role("heading", level=2)).to_have_text(
        "Stage: Suspended by the Prosecutor General"
    )
    expect(section).to_contain_text("Not published")
    expect(
        section.get_by_role("row").filter(has_text="Suspension by the Prosecutor General")
    ).to_contain_text("Law No. 350-Z, Art. 29")
    public_list_shows(browser, live_server, listed=False)

    # The request to the Supreme Court, first sent without its document: the error comes back
    # in the replaced section, with what was entered kept.
    section.get_by_label("Step", exact=True).select_option(label="Request to the Supreme Court")
    section.get_by_label("Date", exact=True).fill((today - timedelta(days=60)).isoformat())
    with htmx_swap(page):
        section.get_by_role("button", name="Record the step").click()
    section = steps_section(page)
    expect(section.get_by_role("alert")).to_have_text(
        "Enter the number and date of the document of this step."
    )
    expect(section.get_by_label("Step", exact=True)).to_have_value("court_requested")
    section.get_by_label("Document (number and date)").fill("Submission No. 4 to the Supreme Court")
    with htmx_swap(page):
        section.get_by_role("button", name="Record the step").click()
    section = steps_section(page)
    expect(section.get_by_role("heading", level=2)).to_have_text(
        "Stage: Request sent to the Supreme Court"
    )
    public_list_shows(browser, live_server, listed=False)

    # The Supreme Court's ruling: recognised, but not yet included in the list.
    record_step(
        page,
        "Ruling: recognised as involved in trafficking",
        today - timedelta(days=20),
        "Ruling of the Supreme Court No. 9",
    )
    expect(section.get_by_role("heading", level=2)).to_have_text(
        "Stage: Recognised by the Supreme Court as involved in trafficking"
    )
    expect(section).to_contain_text("Not published")
    public_list_shows(browser, live_server, listed=False)

    # Inclusion in the published list (Council of Ministers Regulation No. 427).
    listed_on = today - timedelta(days=5)
    record_step(page, "Inclusion in the published list", listed_on, "MIA list, update No. 2")
    expect(section.get_by_role("heading", level=2)).to_have_text(
        "Stage: Included in the published list"
    )
    expect(section).to_contain_text(
        "Published in the list of organisations involved in trafficking."
    )
    expect(
        section.get_by_role("row").filter(has_text="Inclusion in the published list")
    ).to_contain_text("Council of Ministers Regulation No. 427 of 08.05.2012")
    organisation = InvolvedOrganisation.objects.get(registration_number=UNP)
    assert organisation.stage == "listed" and organisation.listed_on == listed_on
    assert organisation.steps.count() == 4

    public_list_shows(browser, live_server, listed=True)
    with visitor(browser, f"{live_server.url}/portal/en/organisations/") as citizen:
        row = citizen.get_by_role("row").filter(has_text=NAME)
        expect(row).to_contain_text(listed_on.isoformat())
        expect(row).to_contain_text((today - timedelta(days=20)).isoformat())
