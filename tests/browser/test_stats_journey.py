"""In a real browser, the analyst looks at the 2025 figures, previews what will be published,
prepares the 2025 report, writes the evaluation and publishes it; then a visitor who is not logged
in finds it on the portal's open-data page and downloads the PDF."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from palermo.accounts.actor import Actor
from tests.browser.journey_steps import login, visitor
from tests.stats.population import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analyst_publishes_the_2025_report_and_a_visitor_downloads_it(
    page: Page, browser: Browser, live_server: Any, actor: Callable[[str], Actor]
) -> None:
    police = actor("officer_minsk")
    for n in range(14):
        register(police, n, gender="female")
    for n in range(14, 17):
        register(police, n, gender="male")

    login(page, live_server, "analyst")
    page.get_by_role("link", name="Statistics").first.click()
    page.get_by_label("Year").fill("2025")
    page.get_by_label("Show", exact=True).select_option("exact")
    page.get_by_role("button", name="Show").click()
    men = page.locator('table[data-table="persons_sex_age"] tr').filter(
        has=page.get_by_role("rowheader", name="Male", exact=True)
    )
    expect(men.locator("td").first).to_have_text("3")  # exact, inside
    page.get_by_label("Show", exact=True).select_option("published")
    page.get_by_role("button", name="Show").click()
    expect(men.locator("td").first).to_have_text("x")  # suppressed when published

    page.get_by_role("link", name="Releases of the yearly report").click()
    page.get_by_label("Year").fill("2025")
    page.get_by_role("button", name="Prepare the release").click()
    expect(page.get_by_role("heading", name="Release 2025: Draft")).to_be_visible()
    expect(page.locator("table.stats-audit")).not_to_contain_text("failed")
    page.get_by_label("Evaluation of the measures").fill("Identification improved in Minsk.")
    page.get_by_role("button", name="Save the texts").click()
    expect(page.get_by_text("The texts are saved.")).to_be_visible()
    page.get_by_role("button", name="Publish on the portal").click()
    expect(page.get_by_text("The release is published on the public portal.")).to_be_visible()

    with visitor(browser, f"{live_server.url}/portal/en/") as citizen:
        citizen.get_by_role("link", name="Open data").click()
        citizen.get_by_role("link", name="Figures for 2025").click()
        published_men = citizen.locator('table[data-table="persons_sex_age"] tr').filter(
            has=citizen.get_by_role("rowheader", name="Male", exact=True)
        )
        expect(published_men.locator("td").first).to_have_text("x")
        with citizen.expect_download() as download:
            citizen.get_by_role("link", name="PDF: palermo-statistics-2025-en.pdf").click()
        content = download.value.path().read_bytes()
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
        assert "Identification improved in Minsk." in text
        assert "Persons identified, by sex and age" in text
