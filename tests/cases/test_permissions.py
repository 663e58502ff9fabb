"""Permission table: (persona, action, the Minsk-city officer's case) → what the persona gets.

"No access" must answer exactly like "not found" (404), in the web UI and in the API.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PERSONA_NAMES

VIEWERS = {"officer_minsk", "admin"}
EDITORS = {"officer_minsk", "admin"}
# Roles that work with no case at all.
NO_CASE_ACCESS = {"registry_officer", "analyst", "migration_officer", "fund_officer"}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_case_page(persona, client_for, minsk_case):
    response = client_for(persona).get(reverse("cases:detail", args=[minsk_case.pk]))
    assert response.status_code == (200 if persona in VIEWERS else 404)
    if persona in VIEWERS:
        assert "Шаўчэнка" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_case_edit_page(persona, client_for, minsk_case):
    response = client_for(persona).get(reverse("cases:edit", args=[minsk_case.pk]))
    assert response.status_code == (200 if persona in EDITORS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_case_in_list(persona, client_for, minsk_case):
    response = client_for(persona).get(reverse("cases:list"))
    if persona in NO_CASE_ACCESS:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert (minsk_case.reference in response.content.decode()) == (persona in VIEWERS)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_case_api_read(persona, api_for, minsk_case):
    response = api_for(persona).get(f"/api/cases/{minsk_case.pk}/")
    assert response.status_code == (200 if persona in VIEWERS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_case_api_list(persona, api_for, minsk_case):
    response = api_for(persona).get("/api/cases/")
    if persona in VIEWERS:
        assert response.status_code == 200
        assert minsk_case.reference in [c["reference"] for c in response.json()["results"]]
    elif persona in NO_CASE_ACCESS:
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert minsk_case.reference not in [c["reference"] for c in response.json()["results"]]


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_case_api_edit(persona, api_for, minsk_case):
    body = {
        "expected_version": minsk_case.version,
        "person": {"family_name": "Kovalenko", "gender": "female", "citizenship": "BY"},
        "identification_method": "hotline",
        "exploitation_forms": ["forced_labour"],
        "region": "BY-HM",
        "identified_on": "2026-03-02",
    }
    response = api_for(persona).put(f"/api/cases/{minsk_case.pk}/", body, format="json")
    assert response.status_code == (200 if persona in EDITORS else 404)
    minsk_case.refresh_from_db()
    assert (minsk_case.version == 2) == (persona in EDITORS)


def test_unknown_case_is_404_like_a_forbidden_one(client_for, api_for, minsk_case):
    missing = minsk_case.pk + 1000
    assert (
        client_for("caseworker_gomel").get(reverse("cases:detail", args=[missing])).status_code
        == 404
    )
    forbidden = client_for("caseworker_gomel").get(reverse("cases:detail", args=[minsk_case.pk]))
    not_found = client_for("caseworker_gomel").get(reverse("cases:detail", args=[missing]))
    assert forbidden.content == not_found.content
    api_forbidden = api_for("caseworker_gomel").get(f"/api/cases/{minsk_case.pk}/")
    api_missing = api_for("caseworker_gomel").get(f"/api/cases/{missing}/")
    assert api_forbidden.status_code == api_missing.status_code == 404
    assert api_forbidden.json() == api_missing.json()


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [(name, name in {"officer_minsk", "caseworker_gomel", "shelter_manager", "investigator",
                     "hotline_operator", "outsider"}) for name in PERSONA_NAMES],
)  # fmt: skip
def test_register_page(persona, allowed, client_for):
    response = client_for(persona).get(reverse("cases:register"))
    assert response.status_code == (200 if allowed else 404)


def test_anonymous_is_sent_to_login(client, minsk_case):
    response = client.get(reverse("cases:detail", args=[minsk_case.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert client.get(f"/api/cases/{minsk_case.pk}/").status_code in (401, 403)
