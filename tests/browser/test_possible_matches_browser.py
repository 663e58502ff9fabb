"""In the browser: while an outsider types a person into the registration form, the possible
matches appear without a page load; asking the other agency works from inside the form and does
not submit the registration."""

from __future__ import annotations

import pytest

from palermo.cases.models import Case
from palermo.people.models import ContactRequest
from tests.browser.journey_steps import menu_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("persona-password-1")
    page.get_by_role("button", name="Log in").click()


def test_outsider_sees_possibly_known_to_and_asks_for_contact(page, live_server, minsk_case):
    agency = minsk_case.owning_agency.name
    login(page, live_server, "outsider")
    menu_link(page, "Register a presumed victim").click()
    page.get_by_label("Family name", exact=True).fill("Шевченко")
    page.get_by_label("Given name", exact=True).fill("Ольга")
    page.get_by_label("Date of birth").fill("1999-04-12")
    page.get_by_label("Sex / gender").select_option("female")

    hint = page.get_by_text(f"Possibly known to {agency}.")
    hint.wait_for()
    assert page.get_by_text("Шаўчэнка").count() == 0
    assert page.get_by_text(minsk_case.reference).count() == 0

    page.get_by_label("Message to the other agency (optional)").fill("Call the Grodno office")
    page.get_by_role("button", name=f"Ask {agency} to contact us").click()
    page.get_by_text(f"Your request was sent to {agency}").wait_for()
    assert page.url.endswith("/cases/new/")
    request = ContactRequest.objects.get()
    assert request.message == "Call the Grodno office"
    assert Case.objects.count() == 1

    # The registration itself goes on as before.
    page.get_by_label("Citizenship", exact=True).select_option("BY")
    page.get_by_label("Forced labour").check()
    page.get_by_label("How the person was identified").select_option("ngo_outreach")
    page.get_by_label("Date of identification").fill("2026-01-20")
    page.get_by_role("button", name="Register", exact=True).click()
    page.wait_for_url("**/cases/*/")
    assert Case.objects.count() == 2
