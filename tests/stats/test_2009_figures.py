"""Seed 001's 2009 figures reproduced from records registered through the services: 591 victims,
458 sexually exploited (96 minors) and 133 in forced labour; 366 female (42 minors) and 225 male
(61 minors). A government counter-trafficking unit and an NGO both register 40 of them, confirmed
as duplicates (merged), so the agencies' own counts add up to 631 but the nation's to 591."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.cli import main
from palermo.stats.services import do_prepare_release, do_publish_release
from tests.stats.population import confirm_duplicate, register

pytestmark = pytest.mark.django_db

# (sex, minor, form, persons): seed 001's 2009 population.
GROUPS = [
    ("female", True, "sexual_exploitation", 42),
    ("male", True, "sexual_exploitation", 54),
    ("male", True, "forced_labour", 7),
    ("female", False, "sexual_exploitation", 324),
    ("male", False, "sexual_exploitation", 38),
    ("male", False, "forced_labour", 126),
]
SHARED = 40  # persons known to both agencies
REGIONS = ["BY-HM", "BY-BR", "BY-VI", "BY-HO", "BY-HR", "BY-MI", "BY-MA"]


@pytest.fixture
def year_2009(actor: Callable[[str], Actor]) -> None:
    police, ngo, admin = actor("officer_minsk"), actor("caseworker_gomel"), actor("admin")
    number = 0
    for sex, minor, form, persons in GROUPS:
        for _ in range(persons):
            agency = police if number % 5 < 3 else ngo
            details = {
                "gender": sex,
                "minor": minor,
                "forms": (form,),
                "identified_on": date(2009, 1 + number % 12, 1 + number % 28),
                "region": REGIONS[number % 7],
            }
            case = register(agency, number, **details)  # type: ignore[arg-type]
            if number % 15 == 0 and number // 15 < SHARED:
                # Known to the other agency too, registered there later in the year.
                other = ngo if agency is police else police
                details["identified_on"] = date(2009, 12, 30)
                duplicate = register(other, number, **details)  # type: ignore[arg-type]
                confirm_duplicate(admin, case, duplicate)
            number += 1
    assert number == 591
    assert Case.objects.filter(identified_on__year=2009).count() == 591 + SHARED


def rows(table: dict[str, object]) -> dict[str, list[int | None]]:
    return {r["name"]: r["values"] for r in table["rows"]}  # type: ignore[attr-defined,index]


def check_api_tables(tables: list[dict[str, object]], *, published: bool = False) -> None:
    by_key = {t["key"]: t for t in tables}
    forms = rows(by_key["persons_form_age"])
    assert forms["Sexual exploitation"] == [362, 96, 0, 458]
    # The 7 minors in forced labour are below k = 11: published, they and the adults beside
    # them (who would give them away through the 133) are suppressed.
    assert forms["Forced labour"] == ([None, None, 0, 133] if published else [126, 7, 0, 133])
    sex = rows(by_key["persons_sex_age"])
    assert sex["Female"] == [324, 42, 0, 366]
    assert sex["Male"] == [164, 61, 0, 225]
    assert by_key["persons_sex_age"]["total"]["values"][-1] == 591  # type: ignore[index]


def test_the_2009_figures_in_the_ui_the_api_the_xlsx_and_the_pdf(
    year_2009: None,
    client_for: Callable[[str], Client],
    api_for: Callable[[str], APIClient],
    actor: Callable[[str], Actor],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The UI table (exact counts, inside).
    page = client_for("analyst").get("/stats/?year=2009").content.decode()
    sex_table = page.split('data-table="persons_sex_age"')[1].split("</table>")[0]
    for expected in ("<td>366</td>", "<td>42</td>", "<td>225</td>", "<td>61</td>", "<td>591</td>"):
        assert expected in sex_table
    form_table = page.split('data-table="persons_form_age"')[1].split("</table>")[0]
    for expected in ("<td>458</td>", "<td>96</td>", "<td>133</td>"):
        assert expected in form_table

    # The API, exact and published.
    check_api_tables(
        api_for("analyst").get("/api/stats/figures/", {"year": "2009"}).json()["tables"]
    )
    published = api_for("analyst").get("/api/stats/figures/", {"year": "2009", "view": "published"})
    check_api_tables(published.json()["tables"], published=True)

    # Who identified them: government only, NGO only, and the 40 known to both.
    sectors = next(t for t in published.json()["tables"] if t["key"] == "persons_sector")
    sector_rows = rows(sectors)
    assert sector_rows["Government + Non-governmental organisations"] == [40]
    assert sum(v[0] for v in sector_rows.values() if v[0]) == 591

    # The published release: XLSX and PDF.
    analyst = actor("analyst")
    release = do_publish_release(
        actor=analyst, release=do_prepare_release(actor=analyst, year=2009)
    )
    xlsx = release.files.get(format="xlsx", language="en")
    book = load_workbook(io.BytesIO(bytes(xlsx.content)))
    cells = {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }
    flat = {sheet: [r for r in rows_ if r and r[0]] for sheet, rows_ in cells.items()}
    sex_rows = next(v for v in flat.values() if v[0][0] == "Persons identified, by sex and age")
    assert list(next(r for r in sex_rows if r[0] == "Female"))[:5] == ["Female", 324, 42, 0, 366]
    assert list(next(r for r in sex_rows if r[0] == "Male"))[:5] == ["Male", 164, 61, 0, 225]
    form_rows = next(v for v in flat.values() if v[0][0].startswith("Persons identified, by form"))
    assert list(next(r for r in form_rows if r[0] == "Sexual exploitation"))[:5] == [
        "Sexual exploitation",
        362,
        96,
        0,
        458,
    ]
    assert list(next(r for r in form_rows if r[0] == "Forced labour"))[:5] == [
        "Forced labour",
        "x",
        "x",
        0,
        133,
    ]

    pdf = release.files.get(format="pdf", language="en")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(pdf.content))).pages)
    assert "Female 324 42 0 366" in text
    assert "Male 164 61 0 225" in text
    assert "Sexual exploitation 362 96 0 458" in text
    assert "Forced labour x x 0 133" in text

    # And from the command line, in Russian.
    monkeypatch.chdir(tmp_path)
    assert main(["stats", "report", "--year", "2009", "--lang", "ru", "--format", "pdf"]) == 0
    cli_pdf = (tmp_path / "palermo-statistics-2009-ru.pdf").read_bytes()
    cli_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(cli_pdf)).pages)
    assert "591" in cli_text and "458" in cli_text and "366" in cli_text
