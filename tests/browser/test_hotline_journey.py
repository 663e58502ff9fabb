"""In a real browser: a citizen's tip from the public portal reaches the hotline's queue; the
hotline operator forwards it to the counter-trafficking unit of its region, and an officer of
that unit finds it among the tips forwarded to the unit."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from palermo.hotline.models import Tip
from palermo.hotline.services import do_submit_public_tip
from tests.browser.journey_steps import (
    ServerClock,
    go_to_menu_page,
    leave_tip,
    login,
    logout,
    visitor,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIP = (
    "A casting agency in Minsk promises modelling work in Turkey, asks for nothing but a "
    "passport copy and pays the flight."
)


def test_a_portal_tip_is_forwarded_to_the_ct_unit_which_sees_it(
    page, browser, live_server, personas, monkeypatch
):
    cache.clear()  # the tip form's rate limit: no attempts left over from other tests
    clock = ServerClock(monkeypatch)
    # Another tip already waits in the queue (Gomel oblast).
    older = do_submit_public_tip(
        region="BY-HO", what_happened="Someone offers farm work in Poland without a contract."
    )

    # A citizen leaves the tip on the public portal.
    with visitor(browser, f"{live_server.url}/portal/en/") as citizen:
        with citizen.expect_navigation():
            citizen.get_by_role("link", name="Report a concern").first.click()
        leave_tip(citizen, clock, region="Minsk City", text=TIP, contact="")
    tip = Tip.objects.exclude(pk=older.pk).get()
    assert tip.what_happened == TIP

    # The hotline operator finds it in the queue of new tips and forwards it.
    login(page, live_server, "hotline_operator")
    go_to_menu_page(page, "Hotline", "Tips")
    expect(page.get_by_role("heading", name="Tips", exact=True)).to_be_visible()
    expect(page.get_by_label("Status")).to_have_value("new")
    row = page.get_by_role("row").filter(has_text=tip.reference)
    expect(row).to_contain_text("Public portal")
    expect(row).to_contain_text("Minsk City")
    expect(page.get_by_role("row").filter(has_text=older.reference)).to_contain_text("Gomel Oblast")
    with page.expect_navigation():
        row.get_by_role("link", name=tip.reference).click()
    expect(page.get_by_role("heading", name=f"Tip {tip.reference}")).to_be_visible()
    expect(page.get_by_text(TIP)).to_be_visible()
    forward = page.get_by_role("heading", name="Forward to the CT unit").locator("xpath=..")
    expect(forward.get_by_label("Region whose CT unit gets the tip")).to_have_value("BY-HM")
    with page.expect_navigation():
        forward.get_by_role("button", name="Forward").click()
    tip.refresh_from_db()
    unit = tip.forwarded_to
    assert unit is not None and unit == personas["officer_minsk"].agency
    expect(page.get_by_role("status")).to_contain_text(f"Tip forwarded to {unit}.")
    expect(page.get_by_role("heading", name="Forward to the CT unit")).to_have_count(0)
    # The queue of new tips no longer holds it; the older one still waits.
    go_to_menu_page(page, "Hotline", "Tips")
    expect(page.get_by_role("row").filter(has_text=older.reference)).to_have_count(1)
    expect(page.get_by_role("row").filter(has_text=tip.reference)).to_have_count(0)
    logout(page)

    # An officer of the Minsk-city CT unit finds the tip among those forwarded to the unit.
    login(page, live_server, "officer_minsk")
    with page.expect_navigation():  # the unit's only hotline page: a link of its own in the menu
        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="Tips", exact=True
        ).click()
    expect(page.get_by_role("heading", name="Tips", exact=True)).to_be_visible()
    row = page.get_by_role("row").filter(has_text=tip.reference)
    expect(row).to_contain_text(f"Forwarded → {unit}")
    # Only the tips forwarded to the unit: not the one still waiting at the hotline.
    expect(page.get_by_role("row").filter(has_text=older.reference)).to_have_count(0)
    with page.expect_navigation():
        row.get_by_role("link", name=tip.reference).click()
    expect(page.get_by_role("heading", name=f"Tip {tip.reference}")).to_be_visible()
    expect(page.get_by_text(TIP)).to_be_visible()
    expect(page.get_by_text("Minsk City", exact=True)).to_be_visible()
    # Reading is all the unit does here: forwarding and closing are the hotline's.
    expect(page.get_by_role("button", name="Forward")).to_have_count(0)
    expect(page.get_by_role("button", name="Close")).to_have_count(0)
