"""The CTDC export: one row per victim, k-anonymous with the pack's k, registered as a release."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.core.audit import AuditEvent
from palermo.people.services import do_merge_persons
from palermo.stats.exchange.access import statistical_cases
from palermo.stats.exchange.ctdc import HEADER, QUASI_IDENTIFIERS, source_rows
from palermo.stats.exchange.kanon import is_k_anonymous
from palermo.stats.exchange.models import ExchangeRelease
from palermo.stats.exchange.services import PeriodInput, do_release_ctdc
from tests.stats_exchange.conftest import register

pytestmark = pytest.mark.django_db


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_release_keeps_the_eleven_and_drops_the_recognisable_one(
    eleven_alike: list[Case], actor: Callable[[str], Actor]
) -> None:
    release = do_release_ctdc(actor=actor("analyst"), data=PeriodInput(year_from=2026))
    rows = _rows(bytes(release.content or b""))
    assert list(rows[0]) == list(HEADER)
    assert len(rows) == 11 == release.rows
    assert {r["ageBroad"] for r in rows} == {"21--23"}
    assert {r["gender"] for r in rows} == {"Female"}
    assert {r["isSexualExploit"] for r in rows} == {"1"}
    assert release.report["dropped"] == 1
    assert release.report["generalised"]["age_band_to_majority"] == 1
    assert release.rule["k"] == 11 and release.rule["missing_code"] == -99
    assert "Law No. 350-Z, Art. 26" in release.rule["legal_basis"]
    assert release.sha256 == hashlib.sha256(bytes(release.content or b"")).hexdigest()
    event = AuditEvent.objects.filter(action="stats.ctdc_released").get()
    assert event.data["sha256"] == release.sha256 and event.data["rows"] == 11


def test_a_merged_person_is_counted_once(actor: Callable[[str], Actor]) -> None:
    officer, ngo = actor("officer_minsk"), actor("caseworker_gomel")
    first = register(officer, 0)
    second = register(ngo, 0, region="BY-HO")  # the same woman, known to the NGO too
    rows = source_rows(statistical_cases(actor("analyst")), missing=-99)
    assert len(rows) == 2
    do_merge_persons(actor=actor("admin"), survivor=first.person, merged=second.person)
    rows = source_rows(statistical_cases(actor("analyst")), missing=-99)
    assert len(rows) == 1


def test_missing_values_are_coded_minus_99(actor: Callable[[str], Actor]) -> None:
    register(
        actor("officer_minsk"),
        1,
        date_of_birth=None,
        gender="unknown",
        citizenship_status="stateless",
        citizenship="",
        country_of_exploitation="",
    )
    (row,) = source_rows(statistical_cases(actor("analyst")), missing=-99)
    assert row["ageBroad"] == row["majorityStatus"] == row["gender"] == -99
    assert row["citizenship"] == row["CountryOfExploitation"] == -99


def test_bad_years_are_refused_and_nothing_is_registered(actor: Callable[[str], Actor]) -> None:
    with pytest.raises(ValidationError) as caught:
        do_release_ctdc(actor=actor("analyst"), data=PeriodInput(year_from=2026, year_to=2020))
    assert "year_to" in caught.value.message_dict
    assert not ExchangeRelease.objects.exists()


def test_the_xlsx_file_is_k_anonymous_too(
    eleven_alike: list[Case], actor: Callable[[str], Actor]
) -> None:
    from openpyxl import load_workbook

    release = do_release_ctdc(actor=actor("analyst"), data=PeriodInput(file_format="xlsx"))
    sheet = load_workbook(io.BytesIO(bytes(release.content or b""))).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    header, body = list(values[0]), values[1:]
    rows = [dict(zip(header, r, strict=True)) for r in body]
    assert len(rows) == 11
    assert is_k_anonymous(rows, QUASI_IDENTIFIERS, 11)


PAGE_ACCESS = [
    ("analyst", 200),
    ("admin", 200),
    ("officer_minsk", 404),
    ("caseworker_gomel", 404),
    ("investigator", 404),
    ("registry_officer", 404),
    ("fund_officer", 404),
    ("outsider", 404),
]


@pytest.mark.parametrize(("persona", "expected"), PAGE_ACCESS)
def test_who_may_open_the_ctdc_page(
    persona: str, expected: int, client_for: Callable[[str], Client]
) -> None:
    assert client_for(persona).get("/stats/exchange/ctdc/").status_code == expected


@pytest.mark.parametrize(("persona", "expected"), PAGE_ACCESS)
def test_who_may_release_through_the_api(
    persona: str, expected: int, api_for: Callable[[str], APIClient]
) -> None:
    response = api_for(persona).post(
        "/api/stats/exchange/ctdc/", {"year_from": 2026}, format="json"
    )
    assert response.status_code == (201 if expected == 200 else 404)


def test_the_analyst_releases_in_the_page_and_downloads_the_same_file(
    eleven_alike: list[Case], client_for: Callable[[str], Client]
) -> None:
    client = client_for("analyst")
    response = client.post("/stats/exchange/ctdc/", {"year_from": "2026", "file_format": "csv"})
    assert response.status_code == 302
    release = ExchangeRelease.objects.get()
    page = client.get(response["Location"])
    assert release.sha256 in page.content.decode()
    assert "age_band_to_majority" in page.content.decode()
    file = client.get(f"/stats/exchange/releases/{release.pk}/file/")
    assert hashlib.sha256(file.content).hexdigest() == release.sha256
    # Someone without statistics gets 404 for the same release, like a release that never was.
    assert (
        client_for("officer_minsk").get(f"/stats/exchange/releases/{release.pk}/").status_code
        == 404
    )


def test_a_bad_year_in_the_page_names_the_field(client_for: Callable[[str], Client]) -> None:
    response = client_for("analyst").post(
        "/stats/exchange/ctdc/", {"year_from": "abc", "file_format": "csv"}
    )
    assert response.status_code == 400
    assert "year_from" in response.context["form"].errors


def test_the_api_answers_400_for_a_bad_format(api_for: Callable[[str], APIClient]) -> None:
    response = api_for("analyst").post(
        "/api/stats/exchange/ctdc/", {"file_format": "pdf"}, format="json"
    )
    assert response.status_code == 400
    assert "file_format" in response.json()
    assert not ExchangeRelease.objects.exists()


def test_the_api_lists_and_serves_the_release(
    eleven_alike: list[Case], api_for: Callable[[str], APIClient]
) -> None:
    client = api_for("analyst")
    made = client.post("/api/stats/exchange/ctdc/", {}, format="json").json()
    listed = client.get("/api/stats/exchange/releases/").json()
    assert [r["id"] for r in listed] == [made["id"]]
    file = client.get(f"/api/stats/exchange/releases/{made['id']}/file/")
    assert hashlib.sha256(file.content).hexdigest() == made["sha256"]
    assert api_for("outsider").get(f"/api/stats/exchange/releases/{made['id']}/").status_code == 404


def test_the_years_narrow_to_persons_first_identified_in_them(
    actor: Callable[[str], Actor],
) -> None:
    """A person's year is their first identification: a person first identified in 2024 who comes
    back in 2025 is in the 2024 rows (with the forms of both cases), not in the 2025 rows."""
    police = actor("officer_minsk")
    first = register(
        police, 1, identified_on=date(2024, 5, 1), exploitation_forms=["forced_labour"]
    )
    back = register(police, 1, identified_on=date(2025, 2, 1))
    do_merge_persons(
        actor=actor("admin"), survivor=first.person, merged=back.person, reason="same person"
    )
    register(police, 2, identified_on=date(2025, 6, 1))
    cases = Case.objects.all()
    in_2024 = source_rows(cases, missing=-99, year_from=2024, year_to=2024)
    assert len(in_2024) == 1 and in_2024[0]["yearOfRegistration"] == 2024
    assert in_2024[0]["isForcedLabour"] == 1 and in_2024[0]["isSexualExploit"] == 1
    in_2025 = source_rows(cases, missing=-99, year_from=2025, year_to=2025)
    assert [r["yearOfRegistration"] for r in in_2025] == [2025]
    assert len(source_rows(cases, missing=-99, year_from=2024)) == 2
    assert len(source_rows(cases, missing=-99, year_to=2023)) == 0
