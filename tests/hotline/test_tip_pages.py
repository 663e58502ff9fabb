"""What the tip pages show: region names in the queue, and a way into the tips forwarded to a
counter-trafficking unit for the officers of that unit (found by the browser journey)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from palermo.hotline.services import do_forward_tip, do_submit_public_tip
from tests.conftest import PERSONA_NAMES

# Who has "Tips" in the main menu: the hotline, national roles, and officers of a CT unit (the
# hotline forwards tips to the unit of their region).
TIPS_IN_MENU = {"hotline_operator", "admin", "officer_minsk"}


@pytest.fixture
def tips(actor):
    waiting = do_submit_public_tip(
        region="BY-HO", what_happened="Farm work in Poland, no contract."
    )
    forwarded = do_submit_public_tip(
        region="BY-HM", what_happened="Waitress jobs in Dubai, pay later."
    )
    forwarded = do_forward_tip(
        actor=actor("hotline_operator"), tip=forwarded, expected_version=forwarded.version
    )
    return waiting, forwarded


def test_the_queue_names_the_region_not_its_code(client_for, tips):
    waiting, _forwarded = tips
    page = client_for("hotline_operator").get(reverse("hotline:tips") + "?status=").content.decode()
    assert "<td>Gomel Oblast</td>" in page and "<td>Minsk City</td>" in page
    assert "<td>BY-HO</td>" not in page and "<td>BY-HM</td>" not in page
    assert waiting.reference in page


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_tips_in_the_main_menu(persona, client_for, tips):
    client = client_for(persona)
    home = client.get(reverse("home")).content.decode()
    link = f'href="{reverse("hotline:tips")}"'
    assert (link in home) == (persona in TIPS_IN_MENU)


def test_the_ct_unit_finds_the_tips_forwarded_to_it_from_its_menu(client_for, tips):
    waiting, forwarded = tips
    client = client_for("officer_minsk")
    assert f'href="{reverse("hotline:tips")}"' in client.get(reverse("home")).content.decode()
    queue = client.get(reverse("hotline:tips")).content.decode()
    assert forwarded.reference in queue
    assert waiting.reference not in queue  # still at the hotline, not the unit's
