"""Permission tables: (persona, page or endpoint) → what the persona gets."""

from __future__ import annotations

import pytest
from django.urls import reverse

from palermo.people.services import do_merge_persons, do_scan_duplicates
from tests.conftest import PERSONA_NAMES

CHECKERS = {"officer_minsk", "caseworker_gomel", "shelter_manager", "investigator",
            "hotline_operator", "outsider", "admin"}  # fmt: skip
CONTACT_LIST = CHECKERS  # every role that works with cases of its agency
MERGERS = {"admin"}
QUERY = {"family_name": "Шевченко", "given_name": "Ольга", "date_of_birth": "1999-04-12"}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_possible_matches_page(persona, client_for, minsk_case):
    response = client_for(persona).get(reverse("people:possible_matches"), QUERY)
    assert response.status_code == (200 if persona in CHECKERS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_matches_api(persona, api_for, minsk_case):
    response = api_for(persona).post("/api/people/matches/", QUERY, format="json")
    assert response.status_code == (200 if persona in CHECKERS else 403)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_contact_requests_page(persona, client_for):
    response = client_for(persona).get(reverse("people:contact_requests"))
    assert response.status_code == (200 if persona in CONTACT_LIST else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_contact_requests_api(persona, api_for):
    response = api_for(persona).get("/api/people/contact-requests/")
    assert response.status_code == (200 if persona in CONTACT_LIST else 403)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("page", ["people:duplicates", "people:merges"])
def test_admin_pages(persona, page, client_for):
    response = client_for(persona).get(reverse(page))
    assert response.status_code == (200 if persona in MERGERS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_compare_page(persona, client_for, minsk_case, actor):
    from palermo.cases.services import do_register_case
    from tests.conftest import case_input, person_input

    other = do_register_case(actor=actor("officer_minsk"), person=person_input(), case=case_input())
    url = reverse("people:compare", args=[minsk_case.person_id, other.person_id])
    response = client_for(persona).get(url)
    assert response.status_code == (200 if persona in MERGERS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_scan_post(persona, client_for):
    response = client_for(persona).post(reverse("people:duplicates_scan"))
    assert response.status_code == (302 if persona in MERGERS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("endpoint", ["/api/people/duplicates/", "/api/people/merges/"])
def test_admin_api_lists(persona, endpoint, api_for):
    response = api_for(persona).get(endpoint)
    assert response.status_code == (200 if persona in MERGERS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_merge_and_unmerge_api(persona, api_for, actor, minsk_case):
    from palermo.cases.services import do_register_case
    from tests.conftest import case_input, person_input

    other = do_register_case(actor=actor("officer_minsk"), person=person_input(), case=case_input())
    body = {"survivor_id": minsk_case.person_id, "merged_id": other.person_id}
    response = api_for(persona).post("/api/people/merges/", body, format="json")
    assert response.status_code == (201 if persona in MERGERS else 404)
    merge = do_merge_persons(
        actor=actor("admin"), survivor=minsk_case.person, merged=other.person
    ) if persona not in MERGERS else None  # fmt: skip
    merge_id = merge.pk if merge else response.json()["id"]
    undo = api_for(persona).post(f"/api/people/merges/{merge_id}/unmerge/")
    assert undo.status_code == (200 if persona in MERGERS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_dismiss_api(persona, api_for, actor, minsk_case):
    from palermo.cases.services import do_register_case
    from tests.conftest import case_input, person_input

    do_register_case(actor=actor("officer_minsk"), person=person_input(), case=case_input())
    scan = do_scan_duplicates(actor=actor("admin"))
    pair = scan.pairs.get()
    response = api_for(persona).post(f"/api/people/duplicates/{pair.pk}/dismiss/")
    assert response.status_code == (200 if persona in MERGERS else 404)


def test_anonymous_is_sent_to_login(client, api_client=None):
    response = client.get(reverse("people:possible_matches"), QUERY)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert client.post("/api/people/matches/", QUERY).status_code in (401, 403)
