"""Possible matches across the country, with the disclosure rule: a match in a case the user may
see shows who it is; a match held only by another agency shows "possibly known to agency X" and
nothing else — in the HTML partial and in the API alike. Every check is audited without names."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from palermo.cases.services import do_register_case
from palermo.core.models import AuditEvent
from tests.conftest import case_input, person_input

# The Russian form of the Minsk case's person (Шаўчэнка Вольга, 12.04.1999), as another agency
# would type it.
QUERY = {
    "family_name": "Шевченко",
    "given_name": "Ольга",
    "date_of_birth": "1999-04-12",
    "gender": "female",
}
SECRETS = ["Шаўчэнка", "Shauchenka", "Вольга", "Volha", "Сяргееўна", "1999-04-12", "12.04.1999"]


def _secrets_of(case):
    return [*SECRETS, case.reference, case.person.reference]


def test_own_agency_sees_who_it_is(client_for, minsk_case):
    body = client_for("officer_minsk").get(reverse("people:possible_matches"), QUERY)
    html = body.content.decode()
    assert body.status_code == 200
    assert "Шаўчэнка" in html and minsk_case.reference in html
    assert "Possibly known to" not in html
    assert "family name in another form or transliteration" in html


def test_other_agency_sees_only_possibly_known_to(client_for, minsk_case):
    response = client_for("outsider").get(reverse("people:possible_matches"), QUERY)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Possibly known to {minsk_case.owning_agency.name}" in html
    for secret in _secrets_of(minsk_case):
        assert secret not in html, secret
    assert "<html" not in html  # an htmx partial


def test_post_works_like_get_and_without_names_there_is_no_check(client_for, minsk_case):
    client = client_for("caseworker_gomel")
    html = client.post(reverse("people:possible_matches"), QUERY).content.decode()
    assert f"Possibly known to {minsk_case.owning_agency.name}" in html
    before = AuditEvent.objects.filter(action="person.duplicate_check").count()
    empty = client.post(reverse("people:possible_matches"), {"gender": "female"})
    assert "Enter a name" in empty.content.decode()
    assert AuditEvent.objects.filter(action="person.duplicate_check").count() == before


def test_national_admin_sees_every_match_with_names(client_for, minsk_case):
    html = client_for("admin").get(reverse("people:possible_matches"), QUERY).content.decode()
    assert "Шаўчэнка" in html and minsk_case.reference in html


def test_api_other_agency_gets_only_the_agency(api_for, minsk_case):
    response = api_for("outsider").post("/api/people/matches/", QUERY, format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["matches"] == []
    assert [set(h) for h in data["elsewhere"]] == [{"agency", "agency_id", "contact_token"}]
    assert data["elsewhere"][0]["agency"] == minsk_case.owning_agency.name
    raw = json.dumps(data, ensure_ascii=False)
    for secret in _secrets_of(minsk_case):
        assert secret not in raw, secret


def test_api_own_agency_gets_names_score_and_reasons(api_for, minsk_case):
    data = api_for("officer_minsk").post("/api/people/matches/", QUERY, format="json").json()
    [match] = data["matches"]
    assert match["family_name"] == "Шаўчэнка"
    assert match["case_references"] == [minsk_case.reference]
    assert match["score"] >= 0.78
    assert {"code": "dob_same", "label": "same date of birth"} in match["reasons"]
    assert data["elsewhere"] == []


def test_api_bad_input_is_refused_and_not_audited(api_for, minsk_case):
    client = api_for("officer_minsk")
    before = AuditEvent.objects.count()
    response = client.post(
        "/api/people/matches/",
        {"family_name": "x" * 201, "date_of_birth": "12/04/1999", "gender": "robot"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"family_name", "date_of_birth", "gender"}
    assert AuditEvent.objects.count() == before


def test_editing_a_person_leaves_that_person_out(api_for, minsk_case):
    data = (
        api_for("officer_minsk")
        .post(
            "/api/people/matches/",
            dict(QUERY, exclude_person=minsk_case.person.reference),
            format="json",
        )
        .json()
    )
    assert data["matches"] == [] and data["elsewhere"] == []
    # A reference one cannot see is refused like an unknown one: no probing.
    response = api_for("outsider").post(
        "/api/people/matches/",
        dict(QUERY, exclude_person=minsk_case.person.reference),
        format="json",
    )
    assert response.status_code == 400


def test_every_check_is_audited_without_names(client_for, api_for, minsk_case):
    client_for("outsider").get(reverse("people:possible_matches"), QUERY)
    api_for("officer_minsk").post("/api/people/matches/", QUERY, format="json")
    events = list(AuditEvent.objects.filter(action="person.duplicate_check").order_by("seq"))
    assert [e.purpose for e in events] == ["duplicate check", "duplicate check"]
    outsider, officer = events
    assert outsider.data["shown"] == []
    assert outsider.data["elsewhere_agencies"] == [minsk_case.owning_agency_id]
    assert officer.data["shown"] == [minsk_case.person.reference]
    raw = json.dumps([e.data for e in events], ensure_ascii=False)
    for name in ["Шаўчэнка", "Шевченко", "Ольга", "Вольга", "Shauchenka", "1999-04-12"]:
        assert name not in raw


def test_a_person_known_to_two_agencies_names_both(actor, client_for, minsk_case):
    do_register_case(
        actor=actor("caseworker_gomel"),
        person=person_input(family_name="Шевченко", given_name="Ольга", family_name_latin="",
                            given_name_latin="", patronymic="Сергеевна"),
        case=case_input(region="BY-HO"),
    )  # fmt: skip
    html = client_for("outsider").get(reverse("people:possible_matches"), QUERY).content.decode()
    assert html.count("Possibly known to") == 2
    gomel_html = (
        client_for("caseworker_gomel")
        .get(reverse("people:possible_matches"), QUERY)
        .content.decode()
    )
    # Gomel sees its own person by name and the Minsk one only as "possibly known to".
    assert "Шевченко" in gomel_html and "Шаўчэнка" not in gomel_html
    assert f"Possibly known to {minsk_case.owning_agency.name}" in gomel_html


@pytest.mark.parametrize(
    "query",
    [
        {"family_name": "Іванова", "given_name": "Анна", "date_of_birth": "1999-04-12"},
        {"family_name": "Шаўчэнка", "given_name": "Таццяна", "date_of_birth": "1970-01-30"},
    ],
)
def test_different_persons_give_no_match(client_for, minsk_case, query):
    html = client_for("outsider").get(reverse("people:possible_matches"), query).content.decode()
    assert "No possible match" in html


# What the registration form sends when a person field changes (htmx posts the whole form).
REGISTRATION_FORM = {
    "csrfmiddlewaretoken": "x",
    "family_name": "Шевченко",
    "given_name": "Ольга",
    "patronymic": "",
    "family_name_latin": "",
    "given_name_latin": "",
    "date_of_birth": "1999-12-04",  # day and month swapped
    "gender": "",
    "citizenship_status": "citizen",
    "citizenship": "BY",
    "exploitation_forms": ["forced_labour"],
    "region": "BY-HO",
    "identified_on": "2026-02-10",
    "narrative": "",
}


def test_the_registration_form_posts_its_fields(client_for, minsk_case):
    response = client_for("officer_minsk").post(
        reverse("people:possible_matches"), REGISTRATION_FORM, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert minsk_case.reference in html
    assert "date of birth with day and month swapped" in html


def test_a_bad_date_is_named_and_not_checked(client_for, minsk_case):
    client = client_for("officer_minsk")
    client.get(reverse("people:contact_requests"))  # logged in and settled
    before = AuditEvent.objects.count()
    bad = dict(REGISTRATION_FORM, date_of_birth="1999-13-45")
    html = client.post(reverse("people:possible_matches"), bad).content.decode()
    assert "Date of birth: Enter a valid date." in html
    assert AuditEvent.objects.count() == before


def test_editing_leaves_out_only_a_person_one_may_see(client_for, minsk_case):
    own = client_for("officer_minsk").post(
        reverse("people:possible_matches"),
        dict(REGISTRATION_FORM, exclude_person=str(minsk_case.person_id)),
    )
    assert "No possible match" in own.content.decode()
    other = client_for("outsider").post(
        reverse("people:possible_matches"),
        dict(REGISTRATION_FORM, exclude_person=str(minsk_case.person_id)),
    )
    assert "Possibly known to" in other.content.decode()


def test_the_api_schema_lists_the_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    for path in ["/api/people/matches/", "/api/people/contact-requests/", "/api/people/merges/"]:
        assert path in schema
