"""In a real browser, every persona's staff pages fit the window (1280 px and 375 px wide) in
English, Russian and Belarusian, and the Russian and Belarusian pages carry no English left
untranslated.

The pages are those the persona's own menu offers, plus a case page, a referral and the
statistics. One browser context per persona: it logs in once, the language is switched by the
language cookie, the width by resizing the window (the same page is measured at both widths).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency, Membership
from palermo.cases.models import Case
from palermo.referrals import consent as consent_adapter
from palermo.referrals.demo import ensure_service_directory
from palermo.referrals.services import ReferralInput, do_send_referral
from tests.browser.journey_steps import login
from tests.translation_check import EnglishLeftOver

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("en", "ru", "be")
WIDTHS = (1280, 375)
# One persona per role: the outsider has the Gomel case worker's role and menu.
WALKERS = tuple(os.environ.get("WALKERS", "").split()) or (
    "officer_minsk",
    "caseworker_gomel",
    "shelter_manager",
    "investigator",
    "hotline_operator",
    "registry_officer",
    "analyst",
    "admin",
    "migration_officer",
    "fund_officer",
)

# Sections a page loads after it has arrived (hx-trigger="load", swapped outerHTML) are part of
# what a user sees: the page is measured once none is left.
# What the page is widened by: elements past the window's right edge that no scrolling box of
# their own (a table's wrapper) holds, for the failure message.
OVERFLOW = """() => {
  const scrolls = e => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (['auto', 'scroll', 'hidden'].includes(style.overflowX) && style.position !== 'static'
          || ['auto', 'scroll', 'hidden'].includes(style.overflowX) && getComputedStyle(e).position !== 'absolute') return true;
    }
    return false;
  };
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    widest: [...document.body.querySelectorAll('*')]
      .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !scrolls(e))
      .slice(-3)
      .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' '
        + Math.round(e.getBoundingClientRect().right) + 'px: '
        + (e.textContent || '').trim().slice(0, 60)),
  };
}"""
# What a reader sees, less what is marked as written in another language (the language menu
# names each language in itself).
VISIBLE_TEXT = """() => {
  const lang = document.documentElement.lang;
  const foreign = [...document.body.querySelectorAll('[lang]')].filter(e => e.lang !== lang);
  const hidden = foreign.map(e => [e, e.textContent]);
  hidden.forEach(([e]) => { e.textContent = ''; });
  const text = document.body.innerText;
  hidden.forEach(([e, t]) => { e.textContent = t; });
  return text;
}"""
# Data typed in English by the test's users (not the interface's text).
DETAILS = "Needs a lawyer before the trial; speaks Russian only."
TYPED = [DETAILS, "Recruited through a job offer for waitresses in Moscow."]


def menu_urls(page: Page) -> list[str]:
    hrefs: list[str] = page.locator("nav.main-nav a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return hrefs


def measure(page: Page, url: str, width: int) -> str | None:
    """Why ``url`` is wider than a window ``width`` px wide, or None when it fits."""
    page.set_viewport_size({"width": width, "height": 900})
    found = page.evaluate(OVERFLOW)
    if found["scrollWidth"] <= found["innerWidth"]:
        return None
    return f"{url} at {width}px: {found['scrollWidth']}px wide; {found['widest']}"


@pytest.fixture
def walk_data(
    actor: Callable[[str], Actor],
    minsk_case: Case,
    personas: dict[str, Membership],
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, list[str]]:
    """The pages besides the menu's: the Minsk case and its referral to the Gomel NGO."""
    monkeypatch.setattr(consent_adapter, "_provider", lambda: lambda case, purpose: True)
    ensure_service_directory()
    referral = do_send_referral(
        actor=actor("officer_minsk"),
        case=minsk_case,
        data=ReferralInput(
            to_agency_id=personas["caseworker_gomel"].agency.pk,
            services=["psychological_help", "legal"],
            reason="additional_services_required",
            urgency="routine",
            details=DETAILS,
            share=["identity", "narrative", "exploitation"],
        ),
    )
    case_url = f"/cases/{minsk_case.pk}/"
    referral_url = f"/referrals/{referral.pk}/"
    return {
        "officer_minsk": ["/", case_url, referral_url],
        "caseworker_gomel": ["/", referral_url],
        "analyst": ["/", "/stats/"],
    }


def test_every_staff_page_fits_the_window_and_is_translated(
    browser: Browser,
    live_server: LiveServer,
    personas: dict[str, Membership],
    walk_data: dict[str, list[str]],
) -> None:
    too_wide: list[str] = []
    leftovers = EnglishLeftOver(data=[a.name for a in Agency.objects.all()] + TYPED)
    for username in WALKERS:
        context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        try:
            login(page, live_server, username)
            urls = list(dict.fromkeys(walk_data.get(username, ["/"]) + menu_urls(page)))
            for language in LANGUAGES:
                context.add_cookies(
                    [
                        {
                            "name": settings.LANGUAGE_COOKIE_NAME,
                            "value": language,
                            "url": live_server.url,
                        }
                    ]
                )
                for url in urls:
                    page.set_viewport_size({"width": 1280, "height": 900})
                    response = page.goto(f"{live_server.url}{url}")
                    assert response is not None and response.ok, (username, url, language)
                    # Parts load by htmx after the page: the case page's sections replace
                    # themselves (outerHTML); the case list fills its filters and saved searches
                    # in place. Measure once they are all in.
                    sections = page.locator("[hx-trigger=load][hx-swap=outerHTML]")
                    expect(sections, f"{username} {url}").to_have_count(0)
                    page.wait_for_load_state("networkidle")
                    for width in WIDTHS:
                        problem = measure(page, url, width)
                        if problem:
                            too_wide.append(f"{username} {language} {problem}")
                    if language != "en":
                        leftovers.check(f"{username} {language} {url}", page.evaluate(VISIBLE_TEXT))
        finally:
            context.close()
    assert not too_wide, "\n".join(too_wide)
    assert not leftovers.found, "\n".join(leftovers.report())


def test_the_menu_opens_from_the_keyboard(
    page: Page, live_server: LiveServer, personas: dict[str, Membership]
) -> None:
    """An area's pages are reached with Tab and Enter, without a mouse."""
    from playwright.sync_api import expect

    login(page, live_server, "officer_minsk")
    menu = page.get_by_role("navigation", name="Main")
    area = menu.locator("summary", has_text=re.compile(r"^Cases$"))
    area.focus()
    page.keyboard.press("Enter")
    link = menu.get_by_role("link", name="Register a presumed victim")
    expect(link).to_be_visible()
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Register a presumed victim")).to_be_visible()
