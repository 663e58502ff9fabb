"""No input produces a server error: each gets a 400 naming what is wrong, and nothing is
written. Probed from outside, over every API list and create endpoint."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from palermo.cases.models import Case
from palermo.people.models import Person
from tests.security.test_second_factor import api_paths

HOSTILE_QUERIES = [
    {"limit": "99999999999999999999999", "year": "0"},
    {"offset": "99999999999999999999999", "year": "99999"},
    {"limit": "abc", "offset": "-5", "year": "-1"},
]


def probe_client(api_for, persona: str) -> APIClient:
    client = api_for(persona)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("persona", ["admin"])
def test_hostile_query_strings_never_make_a_server_error(api_for, persona, minsk_case):
    client = probe_client(api_for, persona)
    failures = []
    for path in [p for p in api_paths() if "/1/" not in p and not p.endswith("/1")]:
        for query in HOSTILE_QUERIES:
            status = client.get(path, query).status_code
            if status >= 500:
                failures.append((path, query, status))
    assert failures == []


@pytest.mark.parametrize("path", ["/api/cases/", "/api/referrals/"])
def test_a_huge_limit_is_a_400_naming_limit(api_for, minsk_case, path):
    response = probe_client(api_for, "officer_minsk").get(path, {"limit": "9" * 30})
    assert response.status_code == 400
    assert "limit" in response.json()


def test_year_zero_on_a_yearly_list_is_a_400_naming_year(api_for):
    client = probe_client(api_for, "officer_minsk")
    for year in ("0", "99999"):
        response = client.get("/api/prevention/activities/", {"year": year})
        assert response.status_code == 400, year
        assert "year" in response.json()


def test_deeply_nested_json_is_a_400(api_for):
    client = probe_client(api_for, "admin")
    deep = "[" * 100_000 + "]" * 100_000
    create_paths = [p for p in api_paths() if "/1/" not in p and not p.endswith("/1")]
    failures = []
    for path in create_paths:
        response = client.post(path, deep, content_type="application/json")
        if response.status_code >= 500:
            failures.append((path, response.status_code))
    assert failures == []
    nested = probe_client(api_for, "officer_minsk").post(
        "/api/cases/", json.dumps({"person": _nested(50)}), content_type="application/json"
    )
    assert nested.status_code == 400
    assert "nested" in nested.json()["detail"]


def _nested(levels: int) -> object:
    value: object = "x"
    for _ in range(levels):
        value = {"a": value}
    return value


CASE = {
    "person": {
        "family_name": "Смирнова",
        "family_name_latin": "Smirnova",
        "gender": "female",
        "citizenship": "BY",
        "date_of_birth": "2026-02-01",
    },
    "identification_method": "hotline",
    "exploitation_forms": ["forced_labour"],
    "region": "BY-HM",
    "country_of_exploitation": "RU",
    "identified_on": "2026-01-15",
}


def test_birth_after_identification_is_a_400_naming_both_dates_in_the_api(api_for, personas):
    response = probe_client(api_for, "officer_minsk").post("/api/cases/", CASE, format="json")
    assert response.status_code == 400
    body = json.dumps(response.json())
    assert "date_of_birth" in body and "identified_on" in body
    assert not Case.objects.exists() and not Person.objects.exists()


def test_birth_after_identification_is_refused_by_the_form(client_for, personas):
    client = client_for("officer_minsk")
    client.raise_request_exception = False
    response = client.post(
        reverse("cases:register"),
        {
            "family_name": "Смирнова",
            "gender": "female",
            "citizenship_status": "citizen",
            "citizenship": "BY",
            "date_of_birth": "2026-02-01",
            "identification_method": "hotline",
            "exploitation_forms": ["forced_labour"],
            "region": "BY-HM",
            "identified_on": "2026-01-15",
        },
    )
    assert response.status_code == 200
    assert "after the date of identification" in response.content.decode()
    assert not Case.objects.exists()
