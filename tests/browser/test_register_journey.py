"""A Minsk-city officer logs in, switches language, registers a presumed victim and finds the case."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from palermo.cases.models import Case
from tests.browser.journey_steps import menu_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("persona-password-1")
    page.get_by_role("button", name="Log in").click()


def test_officer_registers_and_finds_a_case(page, live_server, personas):
    login(page, live_server, "officer_minsk")
    menu_link(page, "Register a presumed victim").click()

    page.get_by_label("Family name", exact=True).fill("Лукашэвіч")
    page.get_by_label("Given name", exact=True).fill("Марыя")
    page.get_by_label("Family name (Latin)").fill("Lukashevich")
    page.get_by_label("Given name (Latin)").fill("Maryia")
    page.get_by_label("Date of birth").fill("2001-09-03")
    page.get_by_label("Sex / gender").select_option("female")
    page.get_by_label("Citizenship", exact=True).select_option("BY")
    page.get_by_label("Forced labour").check()
    page.get_by_label("Country of exploitation").select_option("RU")
    page.get_by_label("How the person was identified").select_option("ngo_outreach")
    page.get_by_label("Date of identification").fill("2026-01-20")
    page.get_by_role("button", name="Register").click()

    page.wait_for_url("**/cases/*/")
    case = Case.objects.get()
    expect(page.get_by_role("heading", name=f"Case {case.reference}")).to_be_visible()
    expect(page.get_by_text("Лукашэвіч Марыя (Lukashevich Maryia)")).to_be_visible()

    menu_link(page, "Cases").click()
    page.get_by_label("Reference number or name").fill("lukashevich")
    page.get_by_role("link", name=case.reference).wait_for()
    # The search is posted: the name stays out of the address bar, the history and the logs.
    assert "lukashevich" not in page.url

    with page.expect_navigation():
        page.get_by_label("Language").select_option("ru")
    assert page.locator("html").get_attribute("lang") == "ru"
    expect(page.get_by_role("heading", name="Дела")).to_be_visible()


def test_outsider_gets_404_for_the_case(page, live_server, personas, minsk_case):
    login(page, live_server, "outsider")
    response = page.goto(f"{live_server.url}/cases/{minsk_case.pk}/")
    assert response.status == 404
    page.goto(f"{live_server.url}/cases/")
    assert page.get_by_text(minsk_case.reference).count() == 0
