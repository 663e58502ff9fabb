"""Steps the prevention-side journeys share: logging in and out, waiting for htmx to finish a
swap, a visitor of the public portal, and the tip form's anti-abuse clock."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from palermo.portal import antiabuse
from tests.browser_defaults import patient

PASSWORD = "persona-password-1"

# Counts the htmx swaps that have settled (new content processed, its hx-* attributes live).
_COUNT_SETTLES = """() => {
  if (window.__palermoSettled === undefined) {
    window.__palermoSettled = 0;
    document.addEventListener('htmx:afterSettle', () => { window.__palermoSettled += 1; });
  }
  return window.__palermoSettled;
}"""


def login(page: Page, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def logout(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)


def menu_link(page: Page, name: str) -> Locator:
    """The main menu's link ``name``; the area (a disclosure) it sits in is opened first, as a
    user opens it. An area of one page shows its link directly."""
    menu = page.get_by_role("navigation", name="Main")
    # Links in a closed area are hidden, which role locators skip: find the area by its markup.
    exact = re.compile(rf"^\s*{re.escape(name)}\s*$")
    area = menu.locator("details").filter(has=page.locator("a", has_text=exact))
    if area.count():
        area.locator("summary").click()
    return menu.get_by_role("link", name=name, exact=True)


def go_to_menu_page(page: Page, area: str, link: str) -> None:
    """Opens the main menu's ``area`` and follows its page ``link``."""
    menu = page.get_by_role("navigation", name="Main")
    menu.locator("summary", has_text=area).click()
    with page.expect_navigation():
        menu.get_by_role("link", name=link, exact=True).click()


@contextmanager
def htmx_swap(page: Page) -> Iterator[None]:
    """Wraps an action that makes htmx replace part of the page; returns once the new part has
    settled. htmx wires up the new content's own hx-* attributes only when it settles, so a
    click on a swapped-in button before that would bypass htmx."""
    before = page.evaluate(_COUNT_SETTLES)
    yield
    page.wait_for_function("n => window.__palermoSettled > n", arg=before)


@contextmanager
def visitor(browser: Browser, url: str) -> Iterator[Page]:
    """A citizen who opens ``url`` in a browser of their own: not logged in, nothing cached."""
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    patient(page)
    try:
        page.goto(url)
        yield page
    finally:
        context.close()


class ServerClock:
    """The tip form's anti-abuse clock in the live server (which runs in this process).

    The form refuses a message sent within seconds of opening it; a person needs longer to write
    one. Moving this clock forward stands for that time, so the test does not sleep.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.offset = 0.0
        monkeypatch.setattr(antiabuse, "now", self.now)

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


def leave_tip(page: Page, clock: ServerClock, *, region: str, text: str, contact: str) -> None:
    """On the portal's "Report a concern" page: write the message and send it, as a person does."""
    expect(page.get_by_role("heading", name="Report a concern")).to_be_visible()
    # The honeypot that catches bots is not offered to people or to assistive technology.
    expect(page.get_by_role("textbox", name="Leave this field empty")).to_have_count(0)
    page.get_by_label("Where did it happen? (region)").select_option(label=region)
    page.get_by_label("What happened?").fill(text)
    page.get_by_label("How can we reach you? (optional)").fill(contact)
    clock.advance(40)  # the time a person takes to write this
    with page.expect_navigation():
        page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Your message has reached the hotline.")
