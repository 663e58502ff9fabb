"""Permission tables: (persona, page or endpoint) → what the persona gets.

Registry officers and the national administrator manage every registry. Hotline operators and
CT officers read the licences and the organisations list; CT officers read the tourist reports of
their region. The Ministry of Education's officer sees adverts. Everyone else: 404 (HTML) — no
access answers like "not found" — and 403 on API lists.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from palermo.registries.services import do_register_tourist_report
from tests.registries.conftest import ALL_PERSONAS, tourist_report_input

MANAGERS = {"registry_officer", "admin"}
VIEWERS = MANAGERS | {"officer_minsk", "hotline_operator"}
TOURIST_READERS = MANAGERS | {"officer_minsk"}
ADVERT_READERS = MANAGERS | {"education_officer"}
ANY_REGISTRY = VIEWERS | ADVERT_READERS


def expect(persona: str, allowed: set[str], ok: int = 200, no: int = 404) -> int:
    return ok if persona in allowed else no


@pytest.fixture
def objects(licence, listed_org, tourist_report, advert, student_notice):
    return {
        "licence": licence,
        "organisation": listed_org,
        "report": tourist_report,
        "advert": advert,
        "notice": student_notice,
    }


def html_pages(o):
    return [
        ("registries:index", [], ANY_REGISTRY),
        ("registries:check", [], VIEWERS),
        ("registries:licences", [], VIEWERS),
        ("registries:licence", [o["licence"].pk], VIEWERS),
        ("registries:licence_register", [], MANAGERS),
        ("registries:licence_edit", [o["licence"].pk], MANAGERS),
        ("registries:organisations", [], VIEWERS),
        ("registries:organisation", [o["organisation"].pk], VIEWERS),
        ("registries:organisation_register", [], MANAGERS),
        ("registries:tourist_reports", [], TOURIST_READERS),
        ("registries:tourist_report", [o["report"].pk], TOURIST_READERS),
        ("registries:tourist_report_register", [], MANAGERS),
        ("registries:adverts", [], ADVERT_READERS),
        ("registries:advert", [o["advert"].pk], ADVERT_READERS),
        ("registries:advert_register", [], MANAGERS),
        ("registries:student_notices", [], MANAGERS),
        ("registries:student_notice", [o["notice"].pk], MANAGERS),
        ("registries:student_notice_register", [], MANAGERS),
        ("registries:import", ["licences"], MANAGERS),
        ("registries:import", ["student_notices"], MANAGERS),
        ("registries:export", ["licences", "csv"], VIEWERS),
        ("registries:export", ["organisations", "xlsx"], VIEWERS),
        ("registries:export", ["tourist_reports", "csv"], TOURIST_READERS),
        ("registries:export", ["adverts", "csv"], ADVERT_READERS),
        ("registries:export", ["student_notices", "xlsx"], MANAGERS),
    ]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_html_pages(persona, rclient, objects):
    client = rclient(persona)
    results = {
        (name, tuple(args)): client.get(reverse(name, args=args)).status_code
        for name, args, _allowed in html_pages(objects)
    }
    expected = {
        (name, tuple(args)): expect(persona, allowed) for name, args, allowed in html_pages(objects)
    }
    assert results == expected


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_ct_officer_sees_only_reports_of_their_region(persona, rclient, registrar, tourist_report):
    gomel = do_register_tourist_report(
        actor=registrar, data=tourist_report_input(report_number="G-1", region="BY-HO")
    )
    client = rclient(persona)
    minsk_status = client.get(
        reverse("registries:tourist_report", args=[tourist_report.pk])
    ).status_code
    gomel_status = client.get(reverse("registries:tourist_report", args=[gomel.pk])).status_code
    assert minsk_status == expect(persona, TOURIST_READERS)
    assert gomel_status == expect(persona, MANAGERS)


def api_reads(o):
    return [
        ("/api/registries/licences/", VIEWERS, 403),
        (f"/api/registries/licences/{o['licence'].pk}/", VIEWERS, 404),
        ("/api/registries/organisations/", VIEWERS, 403),
        (f"/api/registries/organisations/{o['organisation'].pk}/", VIEWERS, 404),
        ("/api/registries/tourist-reports/", TOURIST_READERS, 403),
        (f"/api/registries/tourist-reports/{o['report'].pk}/", TOURIST_READERS, 404),
        ("/api/registries/adverts/", ADVERT_READERS, 403),
        (f"/api/registries/adverts/{o['advert'].pk}/", ADVERT_READERS, 404),
        ("/api/registries/student-notices/", MANAGERS, 403),
        (f"/api/registries/student-notices/{o['notice'].pk}/", MANAGERS, 404),
        ("/api/registries/check/?q=Работа", VIEWERS, 403),
        ("/api/registries/export/licences/csv/", VIEWERS, 403),
        ("/api/registries/export/student_notices/xlsx/", MANAGERS, 403),
    ]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_api_reads(persona, rapi, objects):
    client = rapi(persona)
    results = {url: client.get(url).status_code for url, _a, _n in api_reads(objects)}
    assert results == {
        url: expect(persona, allowed, no=no) for url, allowed, no in api_reads(objects)
    }


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_api_writes(persona, rapi, objects):
    o = objects
    client = rapi(persona)
    writes = [
        (f"/api/registries/licences/{o['licence'].pk}/status/",
         {"to_status": "suspended", "decided_on": "2025-01-10", "document_reference": "Order 1",
          "expected_version": 1}, MANAGERS, 200, 404),
        (f"/api/registries/organisations/{o['organisation'].pk}/steps/",
         {"step": "liquidated", "occurred_on": "2025-09-01", "document_reference": "Ruling 5"},
         MANAGERS, 201, 404),
        (f"/api/registries/student-notices/{o['notice'].pk}/migration-informed/",
         {"migration_informed_on": "2026-03-03", "expected_version": 1}, MANAGERS, 200, 404),
        ("/api/registries/adverts/",
         {"submission_number": "ADV-9", "advertiser_name": "X", "advertiser_taxpayer_number":
          "190123456", "kind": "study", "media": "web", "text": "Study in Vilnius",
          "submitted_on": "2026-03-01"}, MANAGERS, 201, 403),
    ]  # fmt: skip
    results = {url: client.post(url, body, format="json").status_code for url, body, *_ in writes}
    assert results == {
        url: expect(persona, allowed, ok=ok, no=no) for url, _b, allowed, ok, no in writes
    }


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_advert_decision_belongs_to_the_two_ministries(persona, rapi, advert):
    response = rapi(persona).post(
        f"/api/registries/adverts/{advert.pk}/decisions/", {"outcome": "approved"}, format="json"
    )
    deciders = {"registry_officer", "education_officer"}
    # Admin sees the advert but is neither ministry: 404 like any page they may not use.
    assert response.status_code == expect(persona, deciders, ok=201)


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_open_case_from_a_reported_person(persona, rapi, tourist_report):
    tourist = tourist_report.tourists.get()
    response = rapi(persona).post(
        f"/api/registries/reported-tourists/{tourist.pk}/open-case/", {}, format="json"
    )
    assert response.status_code == expect(persona, {"officer_minsk"}, ok=201)


def test_no_access_looks_exactly_like_not_found(rclient, rapi, licence):
    client = rclient("caseworker_gomel")
    forbidden = client.get(reverse("registries:licence", args=[licence.pk]))
    missing = client.get(reverse("registries:licence", args=[licence.pk + 1000]))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content
    api = rapi("caseworker_gomel")
    a = api.get(f"/api/registries/licences/{licence.pk}/")
    b = api.get(f"/api/registries/licences/{licence.pk + 1000}/")
    assert a.status_code == b.status_code == 404
    assert a.json() == b.json()


def test_anonymous_is_sent_to_login(client, licence):
    response = client.get(reverse("registries:licence", args=[licence.pk]))
    assert response.status_code == 302
    assert client.get("/api/registries/licences/").status_code in (401, 403)
