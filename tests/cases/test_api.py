from __future__ import annotations

from palermo.cases.models import Case

BODY = {
    "person": {
        "family_name": "Смирнова",
        "given_name": "Анна",
        "family_name_latin": "Smirnova",
        "given_name_latin": "Anna",
        "date_of_birth": "1990-01-31",
        "gender": "female",
        "citizenship": "BY",
    },
    "identification_method": "hotline",
    "exploitation_forms": ["forced_labour"],
    "region": "BY-HM",
    "country_of_exploitation": "RU",
    "identified_on": "2026-01-15",
}


def test_register_through_the_api_with_a_token(api_for):
    client = api_for("officer_minsk")
    response = client.post("/api/cases/", BODY, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["person"]["family_name"] == "Смирнова"
    assert data["trafficking_status"] == "possible"
    assert data["age_at_identification"] == 35
    found = client.get("/api/cases/", {"q": "smirnova"}).json()
    assert [c["reference"] for c in found["results"]] == [data["reference"]]
    assert client.get("/api/cases/", {"q": data["reference"]}).json()["count"] == 1


def test_api_bad_input_names_the_fields(api_for):
    body = dict(BODY, exploitation_forms=["sightseeing"], region="BY-XX", identified_on="yesterday",
                person=dict(BODY["person"], gender="robot", citizenship="XX"))  # fmt: skip
    response = api_for("officer_minsk").post("/api/cases/", body, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert "exploitation_forms" in errors
    assert "identified_on" in errors
    assert "gender" in errors["person"] and "citizenship" in errors["person"]
    assert Case.objects.count() == 0


def test_api_service_rules_answer_400_with_the_field(api_for):
    body = dict(BODY, region="BY-XX")
    response = api_for("officer_minsk").post("/api/cases/", body, format="json")
    assert response.status_code == 400
    assert "region" in response.json()
    assert Case.objects.count() == 0


def test_api_edit_with_a_stale_version_is_409(api_for, minsk_case):
    client = api_for("officer_minsk")
    body = dict(BODY, expected_version=1)
    assert client.put(f"/api/cases/{minsk_case.pk}/", body, format="json").status_code == 200
    stale = client.put(f"/api/cases/{minsk_case.pk}/", body, format="json")
    assert stale.status_code == 409
    assert "Someone else saved" in stale.json()["detail"]


def test_analyst_cannot_list_cases(api_for, minsk_case):
    assert api_for("analyst").get("/api/cases/").status_code == 403


def test_schema_documents_case_registration(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = response.content.decode()
    assert "/api/cases/" in schema
    assert "Register a presumed victim" in schema
    assert "exploitation_forms" in schema


def test_revoked_token_stops_working(personas, actor):
    from rest_framework.test import APIClient

    from palermo.accounts.services import do_issue_api_token, do_revoke_api_token

    issued = do_issue_api_token(actor=actor("officer_minsk"), name="import job")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issued.key}")
    assert client.get("/api/me/").json()["username"] == "officer_minsk"
    do_revoke_api_token(actor=actor("officer_minsk"), token=issued.token)
    assert client.get("/api/me/").status_code == 401
