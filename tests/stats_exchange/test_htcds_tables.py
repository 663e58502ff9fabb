"""HTCDS 2.0 tables for an agreed partner: identities only where consent covers the purpose."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from palermo.accounts.actor import Actor
from palermo.core.audit import AuditEvent
from palermo.stats.exchange.models import ExchangeRelease
from palermo.stats.exchange.services import HtcdsExportInput, do_export_htcds_tables
from tests.stats_exchange.conftest import consent, register

pytestmark = pytest.mark.django_db


def _tables(content: bytes) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name.removesuffix(".csv"): list(
                csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig")))
            )
            for name in archive.namelist()
        }


@pytest.fixture
def two_cases(actor: Callable[[str], Actor]) -> None:
    officer = actor("officer_minsk")
    consenting = register(officer, 0)
    register(officer, 1)
    consent(officer, consenting, "research")


def test_names_only_for_the_person_whose_consent_covers_the_purpose(
    two_cases: None, actor: Callable[[str], Actor]
) -> None:
    release, export = do_export_htcds_tables(
        actor=actor("admin"), data=HtcdsExportInput(purpose="research", include_identity=True)
    )
    tables = _tables(export.content)
    assert set(tables) == {"prs_person", "vic_victim", "cas_case", "spl_support", "con_consent"}
    named = [p for p in tables["prs_person"] if p["prs_SecondName"]]
    assert [p["prs_SecondName"] for p in named] == ["Shauchenka"]
    assert all(p["prs_Gender"] == "Female" for p in tables["prs_person"])
    assert {v["vic_TypeOfExploitation"] for v in tables["vic_victim"]} == {"SexualExploitation"}
    assert {v["vic_TraffickingStatus"] for v in tables["vic_victim"]} == {
        "PossibleVictimOfTrafficking"
    }
    assert {c["cas_Status"] for c in tables["cas_case"]} == {"Active"}
    assert [c["con_Purpose"] for c in tables["con_consent"]] == ["research"]
    event = AuditEvent.objects.filter(action="stats.htcds_exported").get()
    assert event.data["purpose"] == "research"
    assert event.data["identities_of"] == [named[0]["prs_Id"]]
    assert release.content is None  # an identity-bearing file is never kept
    assert release.report["identities"] == 1


def test_another_purpose_shows_no_names(two_cases: None, actor: Callable[[str], Actor]) -> None:
    _release, export = do_export_htcds_tables(
        actor=actor("admin"),
        data=HtcdsExportInput(purpose="sharing_with_law_enforcement", include_identity=True),
    )
    assert not any(p["prs_SecondName"] for p in _tables(export.content)["prs_person"])


def test_without_identities_the_columns_are_left_out(
    two_cases: None, actor: Callable[[str], Actor]
) -> None:
    _release, export = do_export_htcds_tables(
        actor=actor("admin"), data=HtcdsExportInput(purpose="research", include_identity=False)
    )
    header = list(_tables(export.content)["prs_person"][0])
    assert header == ["prs_Id", "prs_Gender", "prs_Nationality"]


def test_a_bad_purpose_is_named(actor: Callable[[str], Actor]) -> None:
    with pytest.raises(ValidationError) as caught:
        do_export_htcds_tables(actor=actor("admin"), data=HtcdsExportInput(purpose="gossip"))
    assert "purpose" in caught.value.message_dict
    assert not ExchangeRelease.objects.exists()


def test_xlsx_has_a_sheet_per_table(two_cases: None, actor: Callable[[str], Actor]) -> None:
    from openpyxl import load_workbook

    _release, export = do_export_htcds_tables(
        actor=actor("admin"), data=HtcdsExportInput(purpose="research", file_format="xlsx")
    )
    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["prs_person", "vic_victim", "cas_case", "spl_support", "con_consent"]


ACCESS = [
    ("admin", True),
    ("analyst", False),
    ("officer_minsk", False),
    ("caseworker_gomel", False),
    ("investigator", False),
    ("hotline_operator", False),
    ("registry_officer", False),
    ("outsider", False),
]


@pytest.mark.parametrize(("persona", "allowed"), ACCESS)
def test_only_authorised_roles_get_the_tables_in_the_page(
    persona: str, allowed: bool, client_for: Callable[[str], Client]
) -> None:
    client = client_for(persona)
    assert client.get("/stats/exchange/htcds/").status_code == (200 if allowed else 404)
    response = client.post("/stats/exchange/htcds/", {"purpose": "research", "file_format": "csv"})
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert response["Content-Disposition"] == 'attachment; filename="htcds.zip"'


@pytest.mark.parametrize(("persona", "allowed"), ACCESS)
def test_only_authorised_roles_get_the_tables_in_the_api(
    persona: str, allowed: bool, api_for: Callable[[str], APIClient]
) -> None:
    response = api_for(persona).post(
        "/api/stats/exchange/htcds/", {"purpose": "research"}, format="json"
    )
    assert response.status_code == (200 if allowed else 404)
    assert ExchangeRelease.objects.count() == (1 if allowed else 0)


def test_the_api_names_a_bad_purpose(api_for: Callable[[str], APIClient]) -> None:
    response = api_for("admin").post(
        "/api/stats/exchange/htcds/", {"purpose": "gossip"}, format="json"
    )
    assert response.status_code == 400
    assert "purpose" in response.json()
