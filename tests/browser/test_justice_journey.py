"""In a real browser: the investigator records criminal proceedings and links a Ukrainian victim,
and sees that her expulsion is suspended; a migration officer checks her status by reference
number and learns "suspended: yes" with the legal basis and the stage; after the verdict the
answer is "no"."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from palermo.justice.models import Participant
from tests.browser.journey_steps import menu_link
from tests.browser.test_referral_journey import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_expulsion(page, live_server, reference: str) -> None:
    page.goto(f"{live_server.url}/justice/expulsion-check/")
    page.get_by_label("Person's reference number").fill(reference)
    page.get_by_label("Purpose of the check").fill("Expulsion file 41/2026")
    with page.expect_response(lambda r: "/justice/expulsion-check/" in r.url):
        page.get_by_role("button", name="Check").click()


def test_link_a_foreign_victim_and_see_the_expulsion_suspension(page, live_server, personas):
    login(page, live_server, "investigator")
    with page.expect_navigation():
        menu_link(page, "Criminal proceedings").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Record proceedings").click()
    page.get_by_label("Criminal case number").fill("12601000777")
    page.get_by_label("Stage", exact=True).select_option("investigation")
    page.get_by_label("Criminal Code, Art. 181 — Human trafficking", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Criminal proceedings 12601000777")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="Link a person").click()
    page.get_by_label("Role in the proceedings").select_option("victim")
    page.get_by_label("Family name (Latin)").fill("Kovalenko")
    page.get_by_label("Given name (Latin)").fill("Oksana")
    page.get_by_label("Sex / gender").select_option("female")
    page.get_by_label("Citizenship status").select_option("citizen")
    page.get_by_label("Citizenship", exact=True).select_option("UA")
    with page.expect_navigation():
        page.get_by_role("button", name="Link").click()
    expect(page.locator(".messages")).to_contain_text(
        "Expulsion and deportation of this person are suspended (Law No. 350-Z, Art. 22 p.1)."
    )
    row = page.locator("#participants tbody tr", has_text="Kovalenko")
    expect(row).to_contain_text("Victim")
    expect(row).to_contain_text("suspended")
    reference = Participant.objects.get().person.reference
    logout(page)

    login(page, live_server, "migration_officer")
    expect(page.locator("nav a", has_text="Criminal proceedings")).to_have_count(0)
    check_expulsion(page, live_server, reference)
    result = page.locator("#expulsion-result")
    expect(result).to_contain_text("Expulsion and deportation suspended: yes")
    expect(result).to_contain_text("Law No. 350-Z, Art. 22 p.1")
    expect(result).to_contain_text("Preliminary investigation")
    expect(result).not_to_contain_text("12601000777")
    expect(result).not_to_contain_text("Kovalenko")
    logout(page)

    # The verdict ends the suspension.
    login(page, live_server, "investigator")
    page.goto(f"{live_server.url}/justice/{Participant.objects.get().proceedings_id}/")
    for stage in ("trial", "verdict"):
        page.get_by_label("New stage").select_option(stage)
        with page.expect_navigation():
            page.get_by_role("button", name="Record the stage").click()
        expect(page.locator(".messages")).to_contain_text("Stage recorded.")
    expect(page.locator("#stage")).to_contain_text("Verdict delivered")
    expect(page.locator("#participants tbody tr", has_text="Kovalenko")).not_to_contain_text(
        "suspended"
    )
    logout(page)
    login(page, live_server, "migration_officer")
    check_expulsion(page, live_server, reference)
    expect(page.locator("#expulsion-result")).to_contain_text(
        "Expulsion and deportation suspended: no"
    )
