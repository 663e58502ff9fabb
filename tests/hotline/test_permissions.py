"""Permission tables: (persona, hotline page or endpoint) → what the persona gets.

"No access" answers exactly like "not found" (404) for objects; lists and pages a role may not use
at all answer 404 in HTML and 403 in the API, like the cases app.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from palermo.hotline.services import do_forward_tip, do_log_call, do_submit_public_tip
from tests.conftest import PERSONA_NAMES
from tests.hotline.helpers import call_input

OPERATORS = {"hotline_operator"}
CALL_READERS = {"hotline_operator", "admin"}  # the hotline's own operators; national roles
STATS = {"hotline_operator", "analyst", "admin"}
NO_TIP_ACCESS = {"registry_officer", "analyst", "migration_officer", "fund_officer"}


@pytest.fixture
def call(actor):
    return do_log_call(actor=actor("hotline_operator"), data=call_input())


@pytest.fixture
def portal_tip(db):
    return do_submit_public_tip(
        region="BY-HM",
        what_happened="A job offer in Dubai asks for the passport first.",
        contact="",
    )


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_call_list_page(persona, client_for, call):
    response = client_for(persona).get(reverse("hotline:calls"))
    assert response.status_code == (200 if persona in CALL_READERS else 404)
    if persona in CALL_READERS:
        assert call.reference in response.content.decode()


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_log_call_page(persona, client_for, db):
    response = client_for(persona).get(reverse("hotline:call_new"))
    assert response.status_code == (200 if persona in OPERATORS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_call_page(persona, client_for, call):
    response = client_for(persona).get(reverse("hotline:call", args=[call.pk]))
    assert response.status_code == (200 if persona in CALL_READERS else 404)
    if persona in CALL_READERS:
        assert "Алеся Церашкова" in response.content.decode()


@pytest.mark.parametrize("name", ["call_edit", "call_handover"])
@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_call_write_pages(persona, name, client_for, call):
    response = client_for(persona).get(reverse(f"hotline:{name}", args=[call.pk]))
    assert response.status_code == (200 if persona in OPERATORS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_call_check_post(persona, client_for, call, fake_registries):
    response = client_for(persona).post(
        reverse("hotline:call_check", args=[call.pk]), {"query": "Golden"}
    )
    assert response.status_code == (302 if persona in OPERATORS else 404)
    assert call.agency_checks.count() == (1 if persona in OPERATORS else 0)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_tip_queue_page(persona, client_for, portal_tip):
    response = client_for(persona).get(reverse("hotline:tips"))
    assert response.status_code == (404 if persona in NO_TIP_ACCESS else 200)
    if response.status_code == 200:
        # Only the triaging hotline and national roles see an unforwarded tip.
        assert (portal_tip.reference in response.content.decode()) == (persona in CALL_READERS)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_tip_page_before_and_after_forwarding(persona, client_for, actor, portal_tip):
    url = reverse("hotline:tip", args=[portal_tip.pk])
    assert client_for(persona).get(url).status_code == (200 if persona in CALL_READERS else 404)
    do_forward_tip(actor=actor("hotline_operator"), tip=portal_tip, expected_version=1)
    # Forwarded to the Minsk-city CT unit: its officer now sees it too.
    expected = 200 if persona in CALL_READERS | {"officer_minsk"} else 404
    assert client_for(persona).get(url).status_code == expected


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_tip_triage_posts(persona, client_for, portal_tip):
    response = client_for(persona).post(
        reverse("hotline:tip_close", args=[portal_tip.pk]), {"reason": "no_grounds", "version": 1}
    )
    assert response.status_code == (302 if persona in OPERATORS else 404)
    portal_tip.refresh_from_db()
    assert (portal_tip.status == "closed") == (persona in OPERATORS)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_statistics_page(persona, client_for, call):
    response = client_for(persona).get(reverse("hotline:statistics"))
    assert response.status_code == (200 if persona in STATS else 404)


# --- API ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_api_call_list(persona, api_for, call):
    response = api_for(persona).get("/api/hotline/calls/")
    assert response.status_code == (200 if persona in CALL_READERS else 403)
    if persona in CALL_READERS:
        assert [c["reference"] for c in response.json()["results"]] == [call.reference]
        assert "caller_name" not in response.json()["results"][0]


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_api_log_call(persona, api_for, db):
    body = {"channel": "chat", "topic": "agency_check", "language": "be", "region": "BY-BR"}
    response = api_for(persona).post("/api/hotline/calls/", body, format="json")
    assert response.status_code == (201 if persona in OPERATORS else 403)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_api_call_detail(persona, api_for, call):
    response = api_for(persona).get(f"/api/hotline/calls/{call.pk}/")
    assert response.status_code == (200 if persona in CALL_READERS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_api_call_edit(persona, api_for, call):
    body = {"channel": "phone", "topic": "other", "language": "ru", "expected_version": 1}
    response = api_for(persona).put(f"/api/hotline/calls/{call.pk}/", body, format="json")
    assert response.status_code == (200 if persona in OPERATORS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_api_agency_check(persona, api_for, call, fake_registries):
    response = api_for(persona).post(
        f"/api/hotline/calls/{call.pk}/agency-checks/", {"query": "190000001"}, format="json"
    )
    assert response.status_code == (201 if persona in OPERATORS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_api_tips(persona, api_for, portal_tip):
    response = api_for(persona).get("/api/hotline/tips/")
    assert response.status_code == (403 if persona in NO_TIP_ACCESS else 200)
    detail = api_for(persona).get(f"/api/hotline/tips/{portal_tip.pk}/")
    assert detail.status_code == (200 if persona in CALL_READERS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_api_tip_forward(persona, api_for, portal_tip):
    response = api_for(persona).post(
        f"/api/hotline/tips/{portal_tip.pk}/forward/", {"expected_version": 1}, format="json"
    )
    assert response.status_code == (200 if persona in OPERATORS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_api_statistics(persona, api_for, call):
    response = api_for(persona).get("/api/hotline/statistics/")
    assert response.status_code == (200 if persona in STATS else 403)


def test_anonymous_gets_nothing(client, call):
    assert client.get(reverse("hotline:calls")).status_code == 302  # to the log-in page
    assert client.get(f"/api/hotline/calls/{call.pk}/").status_code in (401, 403)
