"""The REST API: the same rules and messages as the pages."""

from __future__ import annotations

from palermo.core.models import AuditEvent, Notification
from palermo.referrals.models import Referral, ServiceOffering


def test_refer_and_answer_through_the_api(api_for, minsk_case, directory, gomel_agency):
    officer, gomel = api_for("officer_minsk"), api_for("caseworker_gomel")
    sent = officer.post(
        "/api/referrals/",
        {"case_id": minsk_case.pk, "to_agency_id": gomel_agency.pk, "services": ["legal"],
         "urgency": "urgent", "share": ["identity", "exploitation"]},
        format="json",
    )  # fmt: skip
    assert sent.status_code == 201, sent.json()
    body = sent.json()
    assert body["status"] == "sent" and body["services"] == ["legal"]
    assert body["reason_htcds"] == "AdditionalServicesRequired"
    assert body["case"]["person"]["family_name"] == "Шаўчэнка"  # the owner sees its own case
    pending = gomel.get(f"/api/referrals/{body['id']}/").json()
    assert pending["case"] is None
    assert pending["summary"] == {"region": "BY-HM", "gender": "female", "age_band": "24–26"}
    accepted = gomel.post(
        f"/api/referrals/{body['id']}/accept/", {"expected_version": 1}, format="json"
    )
    assert accepted.status_code == 200
    shared = accepted.json()["case"]
    assert shared["person"]["family_name"] == "Шаўчэнка"
    assert "narrative" not in shared and "date_of_birth" not in shared
    assert shared["exploitation_forms"] == ["sexual_exploitation"]
    assert AuditEvent.objects.filter(
        action="person.identity_viewed", actor_username="caseworker_gomel"
    ).exists()
    stale = officer.post(
        f"/api/referrals/{body['id']}/withdraw/", {"expected_version": 1}, format="json"
    )
    assert stale.status_code == 409
    illegal = gomel.post(f"/api/referrals/{body['id']}/decline/", {"reason": "x"}, format="json")
    assert illegal.status_code == 400
    assert "Only a referral awaiting an answer can be declined" in str(illegal.json())


def test_api_bad_referral_names_the_fields_and_writes_nothing(
    api_for, minsk_case, directory, gomel_agency
):
    before = (Referral.objects.count(), Notification.objects.count())
    response = api_for("officer_minsk").post(
        "/api/referrals/",
        {"case_id": minsk_case.pk, "to_agency_id": gomel_agency.pk, "services": [],
         "urgency": "whenever"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "urgency" in response.json()
    response = api_for("officer_minsk").post(
        "/api/referrals/",
        {"case_id": minsk_case.pk, "to_agency_id": gomel_agency.pk, "services": []},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["services"] == ["Choose at least one service."]
    assert (Referral.objects.count(), Notification.objects.count()) == before


def test_api_lists_by_box_and_status(api_for, referral):
    gomel = api_for("caseworker_gomel")
    incoming = gomel.get("/api/referrals/", {"box": "incoming", "status": "sent"}).json()
    assert [r["reference"] for r in incoming["results"]] == [referral.reference]
    assert gomel.get("/api/referrals/", {"box": "outgoing"}).json()["count"] == 0
    assert gomel.get("/api/referrals/", {"status": "lost"}).status_code == 400
    dashboard = gomel.get("/api/referrals/dashboard/").json()
    assert [r["reference"] for r in dashboard["incoming"]] == [referral.reference]


def test_api_service_types_and_directory(api_for, personas, agency_admin, directory):
    types = {t["code"]: t for t in api_for("analyst").get("/api/service-types/").json()}
    assert types["free_medical_care"]["legal_basis"]["citation"].startswith("Ministry of Health")
    assert types["social_care"]["htcds_type"] == "SocialCare" and types["social_care"]["builtin"]
    found = api_for("outsider").get("/api/service-offerings/", {"service": "shelter"}).json()
    assert {o["agency"]["name"] for o in found["results"]} == {
        "Minsk Centre for Protection and Assistance to Victims of Trafficking"
    }
    admin = api_for("admin")
    created = admin.post(
        "/api/service-offerings/",
        {"agency_id": personas["outsider"].agency.pk, "service_type": "livelihood",
         "regions": ["BY-HR", "BY-XX"]},
        format="json",
    )  # fmt: skip
    assert created.status_code == 400
    assert "BY-XX" in str(created.json()["regions"])
    created = admin.post(
        "/api/service-offerings/",
        {"agency_id": personas["outsider"].agency.pk, "service_type": "livelihood",
         "regions": ["BY-HR"]},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201
    assert created.json()["regions"] == ["BY-HR"] and created.json()["national"] is False


def test_api_notifications(api_for, referral):
    gomel = api_for("caseworker_gomel")
    listed = gomel.get("/api/notifications/").json()
    assert listed["unread"] == 1
    assert listed["results"][0]["text"].startswith(f"Referral {referral.reference}")
    note_id = listed["results"][0]["id"]
    assert api_for("outsider").post(f"/api/notifications/{note_id}/read/").status_code == 404
    assert gomel.post(f"/api/notifications/{note_id}/read/").json()["read_at"]
    assert gomel.get("/api/notifications/").json()["unread"] == 0
    assert gomel.post("/api/notifications/read-all/").json() == {"marked": 0}


def test_the_schema_documents_the_referral_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/referrals/", "/api/referrals/{referral_id}/accept/",
                 "/api/service-offerings/", "/api/cases/{case_id}/assisted-return/",
                 "/api/notifications/"):  # fmt: skip
        assert path in schema
    assert "Refer a case to another agency" in schema


def test_offering_versions_prevent_lost_updates(api_for, directory, gomel_agency):
    entry = ServiceOffering.objects.get(agency=gomel_agency, service_type="legal")
    admin = api_for("admin")
    body = {"service_type": "legal", "notes": "Tue", "expected_version": entry.version}
    assert admin.put(f"/api/service-offerings/{entry.pk}/", body, format="json").status_code == 200
    again = admin.put(f"/api/service-offerings/{entry.pk}/", body, format="json")
    assert again.status_code == 409
