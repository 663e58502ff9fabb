"""The shelter, justice, compensation, registry, hotline and prevention tables reach the
statistics page, the API and the published report (PDF, XLSX) like the persons figures, and are
protected the same way."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from palermo.accounts.actor import Actor
from palermo.accounts.models import Membership
from palermo.prevention.models import Activity
from palermo.stats.services import do_prepare_release, do_publish_release
from tests.stats.test_releases import pdf_text

pytestmark = pytest.mark.django_db
NEW_TABLES = {
    "shelter_admissions", "shelter_bed_days", "shelter_refusals", "returns_by_country",
    "justice_proceedings", "justice_suspects", "justice_legal_persons",
    "justice_protection_measures", "justice_protection_measures_ended",
    "justice_expulsion_suspensions", "compensation_claims",
    "compensation_claimed", "compensation_awarded", "compensation_paid", "fund_balance",
    "fund_receipts",
    "fund_disbursements", "registry_licences", "registry_licence_decisions",
    "registry_organisations", "registry_tourist_reports", "hotline_calls", "hotline_tips",
    "prevention_activities", "prevention_reach",
}  # fmt: skip


@pytest.fixture
def activities(personas: dict[str, Membership]) -> None:
    """12 school talks, 11 trainings and 1 campaign in 2025."""
    organiser = personas["officer_minsk"].agency
    for kind, number in (("school_talk", 12), ("training", 11), ("campaign", 1)):
        for n in range(number):
            Activity.objects.create(
                activity_type=kind,
                title=f"{kind} {n}",
                organiser=organiser,
                region="BY-HM",
                starts_on=date(2025, 4, 1),
                reach=25,
            )


def test_the_page_shows_every_new_table_and_its_published_preview(
    client_for: Callable[[str], Client], activities: None
) -> None:
    page = client_for("analyst").get("/stats/?year=2025").content.decode()
    for title in (
        "Shelter admissions refused, by ground",
        "Criminal proceedings, by article and stage",
        "Compensation paid, by payer and damage",
        "Hotline calls, by topic and outcome",
        "Prevention activities, by type",
    ):
        assert title in page
    ru = client_for("analyst").get("/stats/?year=2025", HTTP_ACCEPT_LANGUAGE="ru")
    assert "Обращения на горячую линию, по теме и результату" in ru.content.decode()


def test_the_api_gives_the_new_tables_protected(
    api_for: Callable[[str], APIClient], activities: None
) -> None:
    api = api_for("analyst")
    exact = api.get("/api/stats/figures/", {"year": "2025"}).json()
    keys = {t["key"] for t in exact["tables"]}
    assert keys >= NEW_TABLES
    published = api.get("/api/stats/figures/", {"year": "2025", "view": "published"}).json()
    table = next(t for t in published["tables"] if t["key"] == "prevention_activities")
    values = {row["name"]: row["values"] for row in table["rows"]}
    assert values["Talk at a school or college"] == [12]
    # The one campaign is withheld, and the smallest other count with it, so that the total
    # (published) does not give it away.
    assert values["Information campaign"] == [None]
    assert values["Training or seminar"] == [None]
    assert table["total"]["values"] == [24]
    assert table["columns"] == ["Activities"]


def test_the_published_report_carries_the_new_tables(
    actor: Callable[[str], Actor], activities: None
) -> None:
    analyst = actor("analyst")
    draft = do_prepare_release(actor=analyst, year=2025)
    assert set(draft.published) >= NEW_TABLES
    assert all(draft.audit[key]["passed"] for key in NEW_TABLES)
    release = do_publish_release(actor=analyst, release=draft)
    files = {(f.format, f.language, f.table_key): f for f in release.files.all()}
    text = pdf_text(bytes(files[("pdf", "ru", "")].content))
    assert "Профилактические мероприятия, по виду" in text
    assert "Уголовные дела, по статье и стадии" in text
    book = load_workbook(io.BytesIO(bytes(files[("xlsx", "en", "")].content)))
    sheet = next(s for s in book.worksheets if s["A1"].value == "Prevention activities, by type")
    lines = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["Talk at a school or college", 12, 0] in [line[:3] for line in lines]
    assert ["Information campaign", "x", 0] in [line[:3] for line in lines]
    assert ("csv", "en", "hotline_calls") in files
