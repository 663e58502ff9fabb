"""In a real browser, across two agencies: a Minsk-city officer screens and registers a presumed
victim and refers the case to the Gomel NGO, which accepts, records a service delivered and
completes the referral; the officer then closes the case."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from palermo.cases.models import Case
from palermo.referrals.demo import ensure_service_directory
from palermo.referrals.models import Referral, ServiceOffering
from tests.browser.journey_steps import menu_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERVICE = "Social care"
CONSENT_EXPLAINED = (
    "The purpose was explained",
    "Who will use the data, and how, was explained",
    "Whether the data may be used for research was explained",
    "The right to see one's own data was explained",
    "How long the data are kept was explained",
    "How to withdraw consent, at any time, was explained",
)


def login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("persona-password-1")
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def logout(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)


def test_screen_register_refer_deliver_complete_and_close(page, live_server, personas):
    ensure_service_directory()
    gomel_ngo = personas["caseworker_gomel"].agency
    assert gomel_ngo.region == "BY-HO"
    assert ServiceOffering.objects.filter(agency=gomel_ngo, service_type="social_care").exists()

    # Minsk-city officer: screen, register, refer.
    login(page, live_server, "officer_minsk")
    page.goto(f"{live_server.url}/cases/screenings/new/")
    result = page.locator("#screening-result")
    page.get_by_label("Adult (18 or over)").check()
    page.get_by_label("Deceived about the nature of the job, the location or the employer").check()
    page.get_by_label("Excessive working days or hours").check()
    page.get_by_label("Forced tasks or clients").check()
    expect(result).to_contain_text("Presumed victim of trafficking: yes")
    page.get_by_label("Family name").fill("Лукашэвіч")
    page.get_by_label("Sex / gender").select_option("female")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the screening").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Register as presumed victim").click()
    page.get_by_label("Citizenship", exact=True).select_option("BY")
    page.get_by_label("Forced labour").check()
    page.get_by_label("How the person was identified").select_option("ngo_outreach")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/cases/*/")
    case = Case.objects.get()
    expect(page.get_by_role("heading", name=f"Case {case.reference}")).to_be_visible()

    # The person consents to sharing with the agencies the case is referred to.
    section = page.locator("#consent")
    section.get_by_text("Record consent").first.click()
    section.get_by_label("Consent to").select_option("sharing_with_referral_agencies")
    for label in CONSENT_EXPLAINED:
        section.get_by_label(label).check()
    section.get_by_role("button", name="Record consent").click()
    expect(page.locator("#consent")).to_contain_text("Consent recorded")

    with page.expect_navigation():
        page.get_by_role("link", name="Refer to another agency").click()
    expect(page.get_by_role("heading", name=f"Refer case {case.reference}")).to_be_visible()
    # Each choice reloads the list of agencies: wait for each reload so a
    # late answer cannot replace the agency picked below.
    with page.expect_response(re.compile(r"/agencies")):
        page.get_by_label(SERVICE, exact=True).check()
    with page.expect_response(re.compile(r"/agencies")):
        page.get_by_label("Region where the services are needed").select_option(
            label="Gomel Oblast"
        )
    choices = page.locator("#agency-choices")
    # The caption names the region once the region's list has replaced the earlier one.
    expect(choices.get_by_role("table")).to_contain_text("in Gomel Oblast")
    expect(choices.get_by_role("table")).to_contain_text(gomel_ngo.name)
    choices.get_by_label("Refer to").select_option(label=str(gomel_ngo))
    expect(choices.get_by_label("Refer to")).to_have_value(str(gomel_ngo.pk))
    page.get_by_label("Reason", exact=True).select_option(label="Additional services required")
    page.get_by_label("Urgency").select_option(label="Urgent")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the referral").click()
    referral = Referral.objects.get()
    assert referral.to_agency == gomel_ngo
    expect(page.get_by_text(referral.reference).first).to_be_visible()
    logout(page)

    # Gomel NGO case worker: accept, deliver, complete.
    login(page, live_server, "caseworker_gomel")
    with page.expect_navigation():
        menu_link(page, "Referrals").click()
    expect(page.get_by_role("heading", name="Referrals", exact=True)).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name=referral.reference).click()
    expect(page.get_by_role("heading", name=f"Referral {referral.reference}")).to_be_visible()
    status = page.locator("#referral-status")
    expect(status.get_by_role("heading")).to_have_text("Status: Sent, awaiting an answer")
    status.get_by_role("button", name="Accept").click()
    expect(page.locator("#referral-status").get_by_role("heading")).to_have_text("Status: Accepted")

    # The link to the case appears once the agency works on it: reload the referral page.
    with page.expect_navigation():
        page.reload()
    expect(page.locator("#referral-status").get_by_role("heading")).to_have_text("Status: Accepted")
    with page.expect_navigation():
        page.get_by_role("link", name="The case's referrals and assistance").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Record a service delivered").click()
    expect(page.get_by_role("heading", name="Record a service delivered")).to_be_visible()
    page.get_by_label("Service", exact=True).select_option(label=SERVICE)
    page.get_by_label("Delivered on").fill(timezone.localdate().isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Service recorded.")).to_be_visible()
    delivered = page.get_by_role("heading", name="Services delivered", exact=True).locator(
        "xpath=following-sibling::table[1]"
    )
    expect(delivered.get_by_role("row").filter(has_text=referral.reference)).to_contain_text(
        SERVICE
    )

    with page.expect_navigation():
        page.get_by_role("link", name=referral.reference).first.click()
    expect(
        page.get_by_role("heading", name="Services delivered under this referral")
    ).to_be_visible()
    page.locator("#referral-status").get_by_role("button", name="Mark as completed").click()
    expect(page.locator("#referral-status").get_by_role("heading")).to_have_text(
        "Status: Completed"
    )
    logout(page)

    # The officer closes the case.
    login(page, live_server, "officer_minsk")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    expect(page.get_by_role("heading", name=f"Case {case.reference}")).to_be_visible()
    case_status = page.locator("#case-status")
    expect(case_status).to_contain_text("Active")
    with page.expect_navigation():
        case_status.get_by_role("link", name="Close the case").click()
    page.get_by_label("Closed", exact=True).check()
    page.get_by_label("Date closed").fill(timezone.localdate().isoformat())
    page.get_by_label("Reason for closing").select_option(label="Assistance completed")
    with page.expect_navigation():
        page.get_by_role("button", name="Close the case").click()
    case_status = page.locator("#case-status")
    expect(case_status.locator("p").first).to_contain_text("Closed")
    expect(case_status).to_contain_text("closed on")
    expect(case_status.get_by_role("link", name="Reopen the case")).to_be_visible()
    case.refresh_from_db()
    assert case.status == "closed"
