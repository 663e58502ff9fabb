"""The agency dashboard shows the agency's own queue and nothing of other agencies."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PERSONA_NAMES

SEES_MINSK_QUEUE = {"officer_minsk", "admin"}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_overdue_decision_appears_only_for_its_agency(persona, client_for, minsk_case):
    page = client_for(persona).get(reverse("home"))
    assert page.status_code == 200
    assert (minsk_case.reference in page.content.decode()) == (persona in SEES_MINSK_QUEUE)


def test_counts_by_status(client_for, minsk_case):
    page = client_for("officer_minsk").get(reverse("home")).content.decode()
    assert "Cases by status" in page
    assert "<td>Possible victim (presumed)</td><td>1</td>" in page.replace("\n", "")


def test_anonymous_visitors_land_on_the_public_portal(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith("/portal/")
