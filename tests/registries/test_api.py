"""The registries through the REST API: same rules, same messages, nothing written on errors."""

from __future__ import annotations

from palermo.registries.models import InvolvedOrganisation, Licence, TouristReport


def test_create_licence_and_a_clear_error(rapi):
    api = rapi("registry_officer")
    body = {
        "kind": "employment_abroad", "number": "L-1", "holder_name": "Agency",
        "holder_type": "legal_person", "taxpayer_number": "12", "issued_on": "2025-01-01",
        "valid_from": "2025-01-01",
    }  # fmt: skip
    response = api.post("/api/registries/licences/", body, format="json")
    assert response.status_code == 400
    assert "UNP" in response.json()["taxpayer_number"][0]
    assert not Licence.objects.exists()
    response = api.post(
        "/api/registries/licences/", {**body, "taxpayer_number": "190000001"}, format="json"
    )
    assert response.status_code == 201
    created = response.json()
    assert created["effective_status"] == "active"
    assert created["legal_basis"] == "Law No. 350-Z, Art. 14"


def test_update_with_a_stale_version_is_409(rapi, licence):
    api = rapi("registry_officer")
    body = {
        "kind": "employment_abroad", "number": licence.number, "holder_name": "New name",
        "holder_type": "legal_person", "taxpayer_number": "190123456",
        "issued_on": "2024-03-01", "valid_from": "2024-03-01", "expected_version": 1,
    }  # fmt: skip
    assert (
        api.put(f"/api/registries/licences/{licence.pk}/", body, format="json").status_code == 200
    )
    response = api.put(f"/api/registries/licences/{licence.pk}/", body, format="json")
    assert response.status_code == 409


def test_organisation_lifecycle_through_the_api(rapi):
    api = rapi("registry_officer")
    response = api.post(
        "/api/registries/organisations/",
        {"name": "Org", "registration_number": "191111111", "country": "BY", "kind": "domestic",
         "suspended_on": "2025-01-10", "document_reference": "PG-1"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201
    org_id = response.json()["id"]
    response = api.post(
        f"/api/registries/organisations/{org_id}/steps/",
        {"step": "listed", "occurred_on": "2025-03-01", "document_reference": "L-1"},
        format="json",
    )
    assert response.status_code == 400
    assert "Ruling: recognised" in response.json()["step"][0]
    for step, on in [
        ("court_requested", "2025-02-01"),
        ("recognised", "2025-03-01"),
        ("listed", "2025-03-10"),
    ]:
        response = api.post(
            f"/api/registries/organisations/{org_id}/steps/",
            {"step": step, "occurred_on": on, "document_reference": f"doc {step}"},
            format="json",
        )
        assert response.status_code == 201, response.json()
    data = response.json()
    assert data["is_published"] is True
    assert [s["legal_basis"] for s in data["steps"]][-1] == (
        "Council of Ministers Regulation No. 427 of 08.05.2012"
    )
    assert InvolvedOrganisation.objects.get().stage == "listed"


def test_tourist_report_through_the_api(rapi):
    api = rapi("registry_officer")
    body = {
        "report_number": "R-1", "agency_name": "Tour", "agency_taxpayer_number": "690000001",
        "region": "BY-HM", "destination_country": "TR", "departed_on": "2026-02-20",
        "returned_on": "2026-02-27", "reported_on": "2026-03-12",
        "tourists": [{"family_name": "Іваненка", "gender": "female"}],
    }  # fmt: skip
    response = api.post("/api/registries/tourist-reports/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["due_on"] == "2026-03-06"
    assert data["is_late"] is True and data["late_by_working_days"] == 4
    assert data["legal_basis"] == "Law No. 350-Z, Art. 15 p.3"
    assert data["tourists"][0]["citizenship"] == "BY"
    response = api.post(
        "/api/registries/tourist-reports/",
        {**body, "report_number": "R-2", "tourists": []},
        format="json",
    )
    assert response.status_code == 400
    assert TouristReport.objects.count() == 1


def test_ct_officer_opens_case_through_the_api(rapi, tourist_report):
    tourist = tourist_report.tourists.get()
    response = rapi("officer_minsk").post(
        f"/api/registries/reported-tourists/{tourist.pk}/open-case/",
        {"exploitation_forms": ["sexual_exploitation"]},
        format="json",
    )
    assert response.status_code == 201
    tourist.refresh_from_db()
    assert response.json()["reference"] == tourist.case.reference
    again = rapi("officer_minsk").post(
        f"/api/registries/reported-tourists/{tourist.pk}/open-case/", {}, format="json"
    )
    assert again.status_code == 400


def test_openapi_schema_has_the_registries(rapi):
    response = rapi("registry_officer").get("/api/schema/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/api/registries/licences/" in body
    assert "/api/registries/check/" in body
