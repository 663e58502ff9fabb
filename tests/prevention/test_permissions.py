"""Permission tables for prevention pages and endpoints: (persona, action) → status."""

from __future__ import annotations

import pytest
from django.urls import reverse

from palermo.prevention.models import Activity
from palermo.prevention.services import do_record_activity
from tests.conftest import PERSONA_NAMES
from tests.prevention.helpers import activity_input

# Roles with prevention.record (the fallback table until roles.py names it) that have an agency.
RECORDERS = {"officer_minsk", "caseworker_gomel", "hotline_operator", "admin", "outsider"}
STATS = {"analyst", "admin"}
# Who reads the Minsk officer's activity: its own agency and the national roles.
READERS = {"officer_minsk", "analyst", "admin"}
EDITORS = {"officer_minsk", "admin"}
LISTERS = RECORDERS | STATS


@pytest.fixture
def activity(actor):
    return do_record_activity(actor=actor("officer_minsk"), data=activity_input())


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_list_page(persona, client_for, activity):
    response = client_for(persona).get(reverse("prevention:list"))
    assert response.status_code == (200 if persona in LISTERS else 404)
    if response.status_code == 200:
        assert (activity.title in response.content.decode()) == (persona in READERS)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_record_page(persona, client_for, db):
    response = client_for(persona).get(reverse("prevention:new"))
    assert response.status_code == (200 if persona in RECORDERS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_detail_page(persona, client_for, activity):
    response = client_for(persona).get(reverse("prevention:detail", args=[activity.pk]))
    assert response.status_code == (200 if persona in READERS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_edit_page(persona, client_for, activity):
    response = client_for(persona).get(reverse("prevention:edit", args=[activity.pk]))
    assert response.status_code == (200 if persona in EDITORS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_summary_page(persona, client_for, activity):
    response = client_for(persona).get(reverse("prevention:summary") + "?year=2025")
    assert response.status_code == (200 if persona in STATS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_api_list(persona, api_for, activity):
    response = api_for(persona).get("/api/prevention/activities/")
    assert response.status_code == (200 if persona in LISTERS else 403)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_api_record(persona, api_for, db):
    body = {"activity_type": "training", "title": "Training for labour inspectors",
            "starts_on": "2025-05-14", "audiences": ["professionals"], "reach": 35}  # fmt: skip
    response = api_for(persona).post("/api/prevention/activities/", body, format="json")
    assert response.status_code == (201 if persona in RECORDERS else 403)
    assert Activity.objects.count() == (1 if persona in RECORDERS else 0)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_api_detail_and_edit(persona, api_for, activity):
    client = api_for(persona)
    assert client.get(f"/api/prevention/activities/{activity.pk}/").status_code == (
        200 if persona in READERS else 404
    )
    body = {"activity_type": "school_talk", "title": "Renamed", "region": "BY-HM",
            "starts_on": "2025-10-03", "audiences": ["pupils"], "reach": 100,
            "expected_version": 1}  # fmt: skip
    response = client.put(f"/api/prevention/activities/{activity.pk}/", body, format="json")
    assert response.status_code == (200 if persona in EDITORS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_api_summary(persona, api_for, activity):
    response = api_for(persona).get("/api/prevention/summary/?year=2025")
    assert response.status_code == (200 if persona in STATS else 403)
