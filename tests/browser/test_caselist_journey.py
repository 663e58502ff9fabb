"""An officer filters the caseload, saves the search, applies it again, and exports the list
without identities."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from palermo.cases.services import do_register_case
from tests.browser.journey_steps import htmx_swap, login
from tests.conftest import case_input, person_input

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_filters_saves_reapplies_and_exports(page, live_server, actor, minsk_case):
    boy = do_register_case(
        actor=actor("officer_minsk"),
        person=person_input(family_name="Mikhalkou", gender="male", date_of_birth=date(2010, 1, 5)),
        case=case_input(exploitation_forms=["forced_labour"]),
    )
    login(page, live_server, "officer_minsk")
    page.goto(f"{live_server.url}/cases/")
    expect(page.get_by_role("link", name=minsk_case.reference)).to_be_visible()

    with htmx_swap(page):
        page.get_by_label("Sex", exact=True).select_option("male")
    expect(page.get_by_role("link", name=boy.reference)).to_be_visible()
    expect(page.get_by_role("link", name=minsk_case.reference)).to_have_count(0)

    page.get_by_label("Save these filters as").fill("Boys")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the search").click()
    expect(page.get_by_text("Search “Boys” saved.")).to_be_visible()
    saved = page.get_by_role("navigation", name="Saved searches").get_by_role("link", name="Boys")
    expect(saved).to_be_visible()

    page.get_by_role("link", name="Clear the filters").click()
    expect(page.get_by_role("link", name=minsk_case.reference)).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("navigation", name="Saved searches").get_by_role(
            "link", name="Boys"
        ).click()
    expect(page.get_by_role("link", name=boy.reference)).to_be_visible()
    expect(page.get_by_role("link", name=minsk_case.reference)).to_have_count(0)
    expect(page.get_by_label("Sex", exact=True)).to_have_value("male")

    names = page.get_by_label(
        "Include names and dates of birth (asks for your second factor again)"
    )
    expect(names).not_to_be_checked()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export CSV").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert boy.reference in text and minsk_case.reference not in text
    assert "Mikhalkou" not in text and "Family name" not in text
