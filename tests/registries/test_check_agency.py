"""Checking an agency (hotline and public portal): licensed, not licensed, on the list."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from palermo.registries.services import (
    check_agency,
    do_change_licence_status,
    do_register_licence,
)
from tests.registries.conftest import licence_input


def test_by_name_unp_or_licence_number(licence):
    for query in ["работа за", "190123456", "02230/0123456", "02230/0123456".lower()]:
        results = check_agency(query)
        assert [r.taxpayer_number for r in results] == ["190123456"], query
        assert results[0].verdict == "licensed"


def test_a_suspended_or_expired_licence_is_not_licensed(registrar, licence):
    do_change_licence_status(
        actor=registrar, licence=licence, expected_version=1, to_status="suspended",
        decided_on=date(2025, 1, 1), document_reference="Order 3",
    )  # fmt: skip
    assert check_agency("190123456")[0].verdict == "not_licensed"
    do_register_licence(
        actor=registrar,
        data=licence_input(
            number="OLD-1", holder_name="Old Agency", taxpayer_number="190000001",
            valid_until=timezone.localdate() - timedelta(days=1),
        ),
    )  # fmt: skip
    result = check_agency("Old Agency")[0]
    assert result.verdict == "not_licensed"
    assert result.licences[0].status == "expired"


def test_unknown_agency_gives_no_result_and_short_queries_list_nothing(licence):
    assert check_agency("Nonexistent Travel") == []
    assert check_agency("ра") == []
    assert check_agency("") == []


def test_listed_organisation_is_flagged_first(listed_org, licence):
    results = check_agency("Listed Trafficking")
    assert results[0].verdict == "on_list"
    assert results[0].listings[0].listed_on == date(2025, 6, 20)


def test_public_check_shows_only_published_data(registrar, suspended_org, listed_org):
    do_register_licence(
        actor=registrar,
        data=licence_input(kind="marriage_agency", number="M-1", holder_name="Звезда Love"),
    )
    internal = {r.name: r.verdict for r in check_agency("Звезда")}
    assert internal == {
        "ООО «Модельное агентство Звезда»": "under_proceedings",
        "Звезда Love": "licensed",
    }
    # Public: no marriage-agency licences (not published) and no organisation before the list.
    assert check_agency("Звезда", public=True) == []
    assert [r.verdict for r in check_agency("192345678", public=True)] == ["on_list"]


def test_hotline_operator_checks_an_agency_with_htmx(rclient, licence, listed_org):
    client = rclient("hotline_operator")
    response = client.get(reverse("registries:check"), {"q": "190123456"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body  # only the results are swapped in
    assert "Licensed" in body and "02230/0123456" in body
    response = client.get(reverse("registries:check"), {"q": "Listed Trafficking"})
    assert "ON THE LIST" in response.content.decode()
    response = client.get(reverse("registries:check"), {"q": "Unknown Agency"})
    assert "is not licensed" in response.content.decode()


def test_check_api(rapi, licence):
    response = rapi("hotline_operator").get("/api/registries/check/", {"q": "190123456"})
    assert response.status_code == 200
    [result] = response.json()
    assert result["verdict"] == "licensed"
    assert result["licences"][0]["number"] == "02230/0123456"
