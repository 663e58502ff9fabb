"""In a real browser: the Minsk-city officer opens a case referred to the Gomel NGO, adds a note
for the agency only and one shared with the referral, attaches a signed consent form, sets a
flag and sees it at the top; the Gomel case worker then sees the flag and only the shared note."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from palermo.cases.models import CaseAttachment
from palermo.cases.services import do_register_case
from tests.browser.journey_steps import htmx_swap, login, logout
from tests.cases.casefile_fixtures import PDF, share_with_gomel
from tests.conftest import case_input, person_input

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_notes_attachment_and_flag_then_the_receiving_agency(
    page, live_server, personas, actor, settings, tmp_path: Path
):
    settings.PALERMO_ATTACHMENTS_DIR = tmp_path / "attachments"
    case = do_register_case(actor=actor("officer_minsk"), person=person_input(), case=case_input())
    share_with_gomel(actor, case)

    login(page, live_server, "officer_minsk")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    expect(page.get_by_role("heading", name=f"Case {case.reference}")).to_be_visible()
    nav = page.get_by_role("navigation", name="Parts of the case file")
    expect(nav.get_by_role("link", name="Notes")).to_be_visible()

    # A note for the agency only, then one shared with the referral.
    notes = page.locator("#notes")
    expect(notes.get_by_text("Add a note")).to_be_visible()
    for text, audience in (
        ("Internal: the trafficker phoned the mother.", "Own agency only"),
        ("Needs a Russian-speaking lawyer before the hearing.", "Shared with the agencies"),
    ):
        page.locator("#notes").get_by_text("Add a note").click()
        page.locator("#notes").get_by_label("Note", exact=True).fill(text)
        page.locator("#notes").get_by_label(audience).check()
        with htmx_swap(page):
            page.locator("#notes").get_by_role("button", name="Add the note").click()
        expect(page.locator("#notes")).to_contain_text(text)
    expect(page.locator("#notes")).to_contain_text("The note was added.")

    # An attachment: a signed consent form.
    files = page.locator("#attachments")
    files.get_by_text("Attach a file").click()
    files.get_by_label("File", exact=True).set_input_files(
        {"name": "consent-signed.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    files.get_by_label("Description").fill("Signed consent form")
    files.get_by_label("Shared with the agencies").check()
    with htmx_swap(page):
        files.get_by_role("button", name="Attach the file").click()
    expect(page.locator("#attachments")).to_contain_text("The file was attached.")
    expect(
        page.locator("#attachments").get_by_role("link", name="consent-signed.pdf")
    ).to_be_visible()
    attachment = CaseAttachment.objects.get()
    assert PDF not in (tmp_path / "attachments" / attachment.stored_name).read_bytes()

    # A flag, shown at the top.
    page.get_by_text("Set a flag").click()
    page.get_by_label("Flag", exact=True).select_option(label="Risk to safety")
    with page.expect_navigation():
        page.get_by_role("button", name="Set the flag").click()
    summary = page.locator("header.case-summary")
    expect(summary.get_by_role("list", name="Flags")).to_contain_text("Risk to safety")
    expect(page.get_by_text("The flag was set.")).to_be_visible()
    logout(page)

    # The Gomel NGO's case worker: the flag, the shared note and file, not the internal note.
    login(page, live_server, "caseworker_gomel")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    expect(page.locator("header.case-summary")).to_contain_text("Risk to safety")
    expect(page.locator("#notes")).to_contain_text("Needs a Russian-speaking lawyer")
    expect(page.locator("#notes")).not_to_contain_text("trafficker phoned the mother")
    expect(
        page.locator("#attachments").get_by_role("link", name="consent-signed.pdf")
    ).to_be_visible()
    # Flags are the owning agency's to change.
    expect(page.get_by_text("Set a flag")).to_have_count(0)
