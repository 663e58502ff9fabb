"""In a real browser: the screening result follows the ticked indicators without a reload, the
person is registered from the screening, and consent is recorded and withdrawn in place."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from palermo.cases.models import Case, Screening
from palermo.cases.services import consent_covers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("persona-password-1")
    page.get_by_role("button", name="Log in").click()


def test_screen_see_the_result_live_and_register(page, live_server, personas):
    login(page, live_server, "officer_minsk")
    page.goto(f"{live_server.url}/cases/screenings/new/")
    result = page.locator("#screening-result")
    page.get_by_label("Adult (18 or over)").check()
    page.get_by_label("Deceived about the nature of the job, the location or the employer").check()
    page.get_by_label("Excessive working days or hours").check()
    expect(result).to_contain_text("Presumed victim of trafficking: no")
    expect(result).to_contain_text("Means: coercion or abuse of vulnerability: not shown")
    # A child needs no means: switching the age group changes the answer, with no reload.
    page.get_by_label("Child (under 18, or possibly under 18)").check()
    expect(result).to_contain_text("Presumed victim of trafficking: yes")
    expect(result).to_contain_text("Belarus pack, screening rule 2 (children)")
    page.get_by_label("Adult (18 or over)").check()
    expect(result).to_contain_text("Presumed victim of trafficking: no")
    page.get_by_label("Forced tasks or clients").check()
    expect(result).to_contain_text("Presumed victim of trafficking: yes")
    expect(result).to_contain_text("Forced tasks or clients (medium)")
    assert Screening.objects.count() == 0

    page.get_by_label("Family name").fill("Лукашэвіч")
    page.get_by_label("Sex / gender").select_option("female")
    page.get_by_role("button", name="Save the screening").click()
    page.get_by_role("link", name="Register as presumed victim").click()
    assert page.get_by_label("Family name", exact=True).input_value() == "Лукашэвіч"
    page.get_by_label("Citizenship", exact=True).select_option("BY")
    page.get_by_label("Forced labour").check()
    page.get_by_label("How the person was identified").select_option("ngo_outreach")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/cases/*/")
    case = Case.objects.get()
    assert Screening.objects.get().case == case
    expect(page.get_by_text("Belarus pack, screening rule 1 (adults)")).to_be_visible()


def test_record_and_withdraw_consent_in_place(page, live_server, personas, minsk_case):
    login(page, live_server, "officer_minsk")
    page.goto(f"{live_server.url}/cases/{minsk_case.pk}/")
    url_before = page.url
    section = page.locator("#consent")
    section.get_by_text("Record consent").first.click()
    section.get_by_label("Consent to").select_option("research")
    for label in (
        "The purpose was explained",
        "Who will use the data, and how, was explained",
        "Whether the data may be used for research was explained",
        "The right to see one's own data was explained",
        "How long the data are kept was explained",
        "How to withdraw consent, at any time, was explained",
    ):
        section.get_by_label(label).check()
    section.get_by_role("button", name="Record consent").click()
    expect(page.locator("#consent")).to_contain_text(
        "Consent recorded: Use in research and statistics."
    )
    assert consent_covers(minsk_case, "research")
    section = page.locator("#consent")
    section.get_by_text("Withdraw", exact=True).click()
    section.get_by_role("button", name="Withdraw consent").click()
    expect(page.locator("#consent")).to_contain_text("It no longer covers this use.")
    assert not consent_covers(minsk_case, "research")
    assert page.url == url_before  # no page load
