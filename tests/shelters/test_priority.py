"""Changing the priority of a person on the waiting list: the worked example of an action served
by the shared adapters (one input, one service, an HTML and an API route)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from palermo.core.audit import AuditEvent
from palermo.shelters.models import Admission
from palermo.shelters.services import do_add_to_waiting_list
from tests.conftest import PERSONA_NAMES
from tests.shelters.conftest import NURSE, admission_input


@pytest.fixture
def waiting(actor, centre, another_case) -> Admission:
    return do_add_to_waiting_list(
        actor=actor("shelter_manager"), facility=centre, case=another_case(), data=admission_input()
    )


def _html(waiting: Admission) -> str:
    return reverse("shelters:priority", args=[waiting.pk])


def _api(waiting: Admission) -> str:
    return reverse("api-shelters-priority", args=[waiting.pk])


def test_the_manager_makes_a_waiting_person_urgent_on_the_page(client_for, waiting):
    client = client_for("shelter_manager")
    page = client.get(reverse("shelters:admission", args=[waiting.pk])).content.decode()
    assert _html(waiting) in page and 'name="priority"' in page
    response = client.post(_html(waiting), {"version": waiting.version, "priority": "urgent"})
    assert response.status_code == 302
    assert response["Location"] == reverse("shelters:admission", args=[waiting.pk])
    followed = client.get(response["Location"]).content.decode()
    assert "Priority on the waiting list: Urgent." in followed
    waiting.refresh_from_db()
    assert waiting.priority == "urgent" and waiting.version == 2
    event = AuditEvent.objects.filter(action="shelters.waiting_priority_changed").get()
    assert event.data["from"] == "normal" and event.data["to"] == "urgent"


def test_a_stale_page_is_told_someone_else_changed_it(client_for, waiting):
    client = client_for("shelter_manager")
    client.post(_html(waiting), {"version": waiting.version, "priority": "urgent"})
    response = client.post(_html(waiting), {"version": waiting.version, "priority": "normal"})
    page = client.get(response["Location"]).content.decode()
    assert "Someone else changed this admission in the meantime" in page
    waiting.refresh_from_db()
    assert waiting.priority == "urgent"


def test_the_api_answers_the_same_words_and_statuses(api_for, waiting):
    api = api_for("shelter_manager")
    done = api.post(_api(waiting), {"expected_version": 1, "priority": "urgent"}, format="json")
    assert done.status_code == 200 and done.json()["priority"] == "urgent"
    stale = api.post(_api(waiting), {"expected_version": 1, "priority": "normal"}, format="json")
    assert stale.status_code == 409
    assert "Someone else changed this admission" in stale.json()["detail"]
    wrong = api.post(_api(waiting), {"expected_version": 2, "priority": "soon"}, format="json")
    assert wrong.status_code == 400 and "priority" in wrong.json()
    missing = api.post(_api(waiting), {"priority": "normal"}, format="json")
    assert missing.status_code == 400 and "expected_version" in missing.json()


def test_only_a_resident_cannot_be_given_a_priority(api_for, actor, waiting):
    from palermo.shelters.services import do_remove_from_waiting_list

    do_remove_from_waiting_list(
        actor=actor("shelter_manager"), admission=waiting, expected_version=1
    )
    answer = api_for("shelter_manager").post(
        _api(waiting), {"expected_version": 2, "priority": "urgent"}, format="json"
    )
    assert answer.status_code == 400
    assert "the admission is now" in answer.json()["non_field_errors"][0]


@pytest.mark.parametrize("name", [*PERSONA_NAMES, NURSE])
def test_only_the_operators_shelter_managers_may_change_it(
    name, waiting, client_for, api_for, nurse
):
    if name == NURSE:
        client, api = Client(), APIClient()
        client.force_login(nurse.user)
        api.force_authenticate(user=nurse.user)
    else:
        client, api = client_for(name), api_for(name)
    html = client.post(_html(waiting), {"version": 1, "priority": "urgent"})
    waiting.refresh_from_db()
    body = {"expected_version": waiting.version, "priority": "normal"}
    json = api.post(_api(waiting), body, format="json")
    if name == "shelter_manager":
        assert (html.status_code, json.status_code) == (302, 200)
    else:
        # No access: the same 404 as an admission that does not exist, on both sides.
        assert (html.status_code, json.status_code) == (404, 404), name
        waiting.refresh_from_db()
        assert waiting.priority == "normal"
