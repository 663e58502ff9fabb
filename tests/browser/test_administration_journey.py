"""In a real browser: the national administrator invites a user with a role, gives them a second
role, and the invitee opens the link, chooses a password and is logged in with those roles."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.journey_steps import login, logout, menu_link, visitor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INVITEE_PASSWORD = "Kalina-Maliny-42-sad"


def test_an_administrator_invites_a_user_who_accepts_and_logs_in(
    page, browser, live_server, personas
):
    minsk = personas["officer_minsk"].agency.display_name
    gomel = personas["caseworker_gomel"].agency.display_name

    login(page, live_server, "admin")
    with page.expect_navigation():
        menu_link(page, "Users and roles").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Invite a user").click()
    page.get_by_label("User name").fill("alesia")
    page.get_by_label("First name").fill("Alesia")
    page.get_by_label("Last name").fill("Baranava")
    page.get_by_label("Agency").select_option(label=minsk)
    page.get_by_label("Role").select_option(label="Case worker")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    link = page.locator("#invitation-link")
    expect(link).to_contain_text("/accounts/invitation/")
    invitation = link.inner_text().strip()

    # A second role, in another agency.
    with page.expect_navigation():
        page.get_by_role("link", name="Back to the user").click()
    expect(page.locator("#user-state")).to_have_text("invited, has not set a password yet")
    page.get_by_label("Agency").select_option(label=gomel)
    page.get_by_label("Role", exact=True).last.select_option(label="Investigator")
    with page.expect_navigation():
        page.get_by_role("button", name="Give the role").click()
    expect(page.get_by_role("status")).to_contain_text("The role was given.")
    memberships = page.locator("#memberships")
    expect(memberships.get_by_role("row").filter(has_text=gomel)).to_contain_text("Investigator")
    expect(memberships.get_by_role("row").filter(has_text=minsk)).to_contain_text("Case worker")
    logout(page)

    # The invitee opens the link in a browser of their own.
    with visitor(browser, invitation) as invitee:
        expect(invitee.get_by_role("heading", name="Welcome to Palermo")).to_be_visible()
        invitee.get_by_label("Choose a password").fill(INVITEE_PASSWORD)
        invitee.get_by_label("The password again").fill(INVITEE_PASSWORD)
        with invitee.expect_navigation():
            invitee.get_by_role("button", name="Set my password").click()
        expect(invitee.get_by_role("button", name="Log out")).to_be_visible()
        expect(menu_link(invitee, "Cases")).to_be_visible()
        # The link worked once.
        invitee.goto(invitation)
        expect(
            invitee.get_by_role("heading", name="This invitation link is not valid any more")
        ).to_be_visible()
