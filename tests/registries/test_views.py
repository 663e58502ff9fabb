"""What a registry officer sees and does in the web interface."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from palermo.core.audit import AuditEvent
from palermo.registries.models import Licence, LicenceStatusChange, TouristReport
from palermo.registries.services import do_register_licence
from tests.registries.conftest import licence_input

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_register_a_licence_through_the_form(rclient):
    client = rclient("registry_officer")
    response = client.post(
        reverse("registries:licence_register"),
        {
            "kind": "employment_abroad",
            "number": "L-77",
            "holder_name": "Праца Плюс",
            "holder_type": "legal_person",
            "taxpayer_number": "191000077",
            "issued_on": "2025-01-15",
            "valid_from": "2025-01-15",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "Licence L-77 registered." in body
    assert "Law No. 350-Z, Art. 14" in body  # the legal basis is shown


def test_form_errors_are_shown_next_to_fields_and_nothing_is_saved(rclient):
    response = rclient("registry_officer").post(
        reverse("registries:licence_register"),
        {"kind": "employment_abroad", "number": "L-1", "taxpayer_number": "12"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid taxpayer number (UNP)" in body
    assert "Enter the name of the licence holder." in body
    assert not Licence.objects.exists()


def test_status_change_with_htmx_swaps_the_status_section(rclient, licence):
    client = rclient("registry_officer")
    url = reverse("registries:licence_status", args=[licence.pk])
    response = client.post(
        url,
        {"to_status": "suspended", "decided_on": "2025-02-01", "document_reference": "Order 4",
         "reason": "Unpaid fees", "version": 1},
        **HTMX,
    )  # fmt: skip
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="licence-status"' in body
    assert "Status: Suspended" in body
    assert "Order 4" in body and "The licence&#x27;s status was changed." in body
    # A second, bad attempt shows the error in place and changes nothing.
    response = client.post(
        url,
        {"to_status": "revoked", "decided_on": "", "document_reference": "", "version": 2},
        **HTMX,
    )
    body = response.content.decode()
    assert "Enter the number and date of the document" in body
    assert LicenceStatusChange.objects.count() == 1


def test_stale_status_form_is_refused(rclient, licence):
    client = rclient("registry_officer")
    url = reverse("registries:licence_status", args=[licence.pk])
    ok = {
        "to_status": "suspended",
        "decided_on": "2025-02-01",
        "document_reference": "O-1",
        "version": 1,
    }
    client.post(url, ok, **HTMX)
    response = client.post(url, {**ok, "to_status": "revoked"}, **HTMX)
    assert "Someone else changed this licence" in response.content.decode()
    licence.refresh_from_db()
    assert licence.status == "suspended"


def test_list_search_in_any_case_and_expired_filter(rclient, registrar, licence):
    do_register_licence(
        actor=registrar,
        data=licence_input(
            number="OLD-1", holder_name="Старая Контора", taxpayer_number="190000001",
            valid_until=timezone.localdate() - timedelta(days=3),
        ),
    )  # fmt: skip
    client = rclient("hotline_operator")
    body = client.get(reverse("registries:licences"), {"q": "РАБОТА"}, **HTMX).content.decode()
    assert "02230/0123456" in body and "OLD-1" not in body
    body = client.get(reverse("registries:licences"), {"status": "expired"}).content.decode()
    assert "OLD-1" in body and "02230/0123456" not in body
    assert "Expired" in body
    body = client.get(reverse("registries:licences"), {"status": "active"}).content.decode()
    assert "02230/0123456" in body and "OLD-1" not in body
    # A viewer sees no management buttons.
    assert "Register a licence" not in body


def test_organisation_step_out_of_order_is_explained(rclient, suspended_org):
    response = rclient("registry_officer").post(
        reverse("registries:organisation_step", args=[suspended_org.pk]),
        {"step": "listed", "occurred_on": "2025-06-01", "document_reference": "L-1",
         "version": suspended_org.version},
        **HTMX,
    )  # fmt: skip
    body = response.content.decode()
    assert "Record the step “Ruling: recognised as involved in trafficking” first" in body
    suspended_org.refresh_from_db()
    assert suspended_org.stage == "suspended"


def test_organisation_page_shows_each_step_with_its_legal_basis(rclient, listed_org):
    body = (
        rclient("hotline_operator")
        .get(reverse("registries:organisation", args=[listed_org.pk]))
        .content.decode()
    )
    assert "Law No. 350-Z, Art. 29" in body
    assert "Council of Ministers Regulation No. 427 of 08.05.2012" in body
    assert "Published in the list" in body
    assert "Record the next step" not in body  # read-only for the hotline


def test_register_a_tourist_report_through_the_form(rclient):
    client = rclient("registry_officer")
    data = {
        "report_number": "R-9", "reported_on": "2026-03-10", "agency_name": "Сонца Тур",
        "agency_taxpayer_number": "690000009", "region": "BY-HM", "destination_country": "EG",
        "departed_on": "2026-02-20", "returned_on": "2026-02-27",
        "tourists-TOTAL_FORMS": "3", "tourists-INITIAL_FORMS": "0",
        "tourists-MIN_NUM_FORMS": "0", "tourists-MAX_NUM_FORMS": "50",
        "tourists-0-family_name": "Лукашэвіч", "tourists-0-gender": "male",
        "tourists-0-citizenship": "BY",
        "tourists-1-gender": "unknown", "tourists-1-citizenship": "BY",
        "tourists-2-gender": "unknown", "tourists-2-citizenship": "BY",
    }  # fmt: skip
    response = client.post(reverse("registries:tourist_report_register"), data, follow=True)
    body = response.content.decode()
    assert "It came 2 working day(s) late." in body
    assert "late by 2 working days" in body
    assert "Law No. 350-Z, Art. 15 p.3" in body
    assert "Лукашэвіч" in body
    report = TouristReport.objects.get()
    assert report.tourists.count() == 1
    assert AuditEvent.objects.filter(
        action="registries.identity_viewed", object_id=str(report.pk)
    ).exists()


def test_tourist_form_errors_point_at_the_person(rclient):
    data = {
        "report_number": "R-9", "reported_on": "2026-03-10", "agency_name": "Сонца Тур",
        "agency_taxpayer_number": "690000009", "region": "BY-HM", "destination_country": "EG",
        "departed_on": "2026-02-20", "returned_on": "2026-02-27",
        "tourists-TOTAL_FORMS": "1", "tourists-INITIAL_FORMS": "0",
        "tourists-MIN_NUM_FORMS": "0", "tourists-MAX_NUM_FORMS": "50",
        "tourists-0-given_name": "Ян", "tourists-0-gender": "male", "tourists-0-citizenship": "BY",
    }  # fmt: skip
    response = rclient("registry_officer").post(reverse("registries:tourist_report_register"), data)
    assert "Enter the family name." in response.content.decode()
    assert not TouristReport.objects.exists()


def test_ct_officer_opens_a_case_from_the_report_page(rclient, tourist_report):
    client = rclient("officer_minsk")
    page = client.get(
        reverse("registries:tourist_report", args=[tourist_report.pk])
    ).content.decode()
    assert "Open an at-risk case" in page
    tourist = tourist_report.tourists.get()
    response = client.post(
        reverse("registries:tourist_open_case", args=[tourist.pk]),
        {"exploitation_forms": ["forced_labour"]},
    )
    tourist.refresh_from_db()
    assert tourist.case is not None
    assert response["Location"] == reverse("cases:detail", args=[tourist.case.pk])
    assert tourist.case.exploitation_form_codes == ["forced_labour"]
    page = client.get(
        reverse("registries:tourist_report", args=[tourist_report.pk])
    ).content.decode()
    assert tourist.case.reference in page


def test_registry_officer_sees_no_open_case_button(rclient, tourist_report):
    page = (
        rclient("registry_officer")
        .get(reverse("registries:tourist_report", args=[tourist_report.pk]))
        .content.decode()
    )
    assert "Open an at-risk case" not in page


def test_advert_decisions_through_htmx(rclient, advert):
    url = reverse("registries:advert_decide", args=[advert.pk])
    response = rclient("registry_officer").post(url, {"outcome": "approved"}, **HTMX)
    body = response.content.decode()
    assert "Agreement: Awaiting agreement" in body
    assert "awaiting decision" in body  # the Ministry of Education's row
    response = rclient("education_officer").post(url, {"outcome": "refused"}, **HTMX)
    assert "Give the reason for the refusal." in response.content.decode()
    response = rclient("education_officer").post(
        url, {"outcome": "refused", "reason": "Misleading"}, **HTMX
    )
    body = response.content.decode()
    assert "Agreement: Refused" in body and "Misleading" in body


def test_student_notice_form_and_migration_date(rclient):
    client = rclient("registry_officer")
    response = client.post(
        reverse("registries:student_notice_register"),
        {
            "notice_number": "N-5",
            "sender_name": "BSU",
            "sender_taxpayer_number": "100235408",
            "institution_name": "BSU",
            "family_name": "Кавалёў",
            "destination_country": "PL",
            "purpose": "study",
            "departs_on": "2026-03-10",
            "returns_on": "2026-03-20",
            "permission_date": "2026-03-01",
        },
    )
    assert "Enter the number of the head" in response.content.decode()
    response = client.post(
        reverse("registries:student_notice_register"),
        {
            "notice_number": "N-5",
            "sender_name": "BSU",
            "sender_taxpayer_number": "100235408",
            "institution_name": "BSU",
            "family_name": "Кавалёў",
            "destination_country": "PL",
            "purpose": "study",
            "departs_on": "2026-03-10",
            "returns_on": "2026-03-20",
            "permission_date": "2026-03-01",
            "permission_number": "P-1",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "Not informed yet." in body
    assert "Law No. 350-Z, Art. 17" in body
    notice_id = response.redirect_chain[-1][0].rstrip("/").split("/")[-1]
    response = client.post(
        reverse("registries:student_notice_informed", args=[notice_id]),
        {"migration_informed_on": "2026-03-02", "version": 1},
        **HTMX,
    )
    assert "Informed on" in response.content.decode()


def test_the_step_form_offers_only_the_steps_that_may_follow(rclient, suspended_org, listed_org):
    client = rclient("registry_officer")
    body = client.get(reverse("registries:organisation", args=[suspended_org.pk])).content.decode()
    assert 'value="court_requested"' in body
    assert 'value="listed"' not in body and 'value="office_ban"' not in body
    body = client.get(reverse("registries:organisation", args=[listed_org.pk])).content.decode()
    assert 'value="liquidated"' in body and 'value="court_requested"' not in body
