"""Releases: prepared from the figures, published only through a passing disclosure audit,
registered with their files' hashes."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from pypdf import PdfReader

from palermo.accounts.actor import Actor
from palermo.core.audit import events_for_object
from palermo.stats.models import Release
from palermo.stats.services import (
    do_generate_report,
    do_prepare_release,
    do_publish_release,
    do_update_release_texts,
)
from tests.stats.population import register

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def population(actor: Callable[[str], Actor]) -> None:
    police = actor("officer_minsk")
    for n in range(14):
        register(police, n, gender="female")
    for n in range(14, 17):
        register(police, n, gender="male")


def test_preparing_twice_keeps_one_draft_and_its_texts(
    actor: Callable[[str], Actor], population: None
) -> None:
    analyst = actor("analyst")
    draft = do_prepare_release(actor=analyst, year=2025)
    do_update_release_texts(
        actor=analyst,
        release=draft,
        evaluation="Measures worked.",
        recommendations="Fund NGOs.",
        version=draft.version,
    )
    again = do_prepare_release(actor=analyst, year=2025)
    assert again.pk == draft.pk and again.evaluation == "Measures worked."
    assert Release.objects.count() == 1


def test_published_release_shows_no_small_cell_and_registers_its_files(
    actor: Callable[[str], Actor], population: None
) -> None:
    analyst = actor("analyst")
    draft = do_prepare_release(actor=analyst, year=2025)
    sex = draft.published["persons_sex_age"]["current"]
    assert 3 not in sex and None in sex  # 3 men: suppressed, with a complementary cell
    release = do_publish_release(actor=analyst, release=draft)
    assert release.is_published and release.published_by == analyst.user
    files = {(f.format, f.language, f.table_key): f for f in release.files.all()}
    assert {("pdf", lang, "") for lang in ("en", "ru", "be")} <= set(files)
    pdf = files[("pdf", "ru", "")]
    assert pdf.sha256 == hashlib.sha256(bytes(pdf.content)).hexdigest()
    text = pdf_text(bytes(pdf.content))
    assert "Национального докладчика" in text or "2025" in text
    event = events_for_object(release).filter(action="stats.release_published").get()
    assert event.data["files"][pdf.filename] == pdf.sha256
    assert event.data["rule"]["k"] == 11
    book = load_workbook(io.BytesIO(bytes(files[("xlsx", "en", "")].content)))
    assert len(book.sheetnames) > 5

    with pytest.raises(ValidationError):  # a retried publication does not publish twice
        do_publish_release(actor=analyst, release=release)


def test_a_release_whose_audit_fails_cannot_be_published(
    actor: Callable[[str], Actor], population: None
) -> None:
    analyst = actor("analyst")
    draft = do_prepare_release(actor=analyst, year=2025)
    # Tampered: the 3 men shown, as if primary suppression had been skipped.
    exact = next(t for t in draft.tables["tables"] if t["current"]["key"] == "persons_sex_age")
    cells = exact["current"]["cells"]
    values = draft.published["persons_sex_age"]["current"]
    values[len(cells[0]) * 1 + 0] = cells[1][0]
    draft.save()
    with pytest.raises(ValidationError, match="disclosure audit failed"):
        do_publish_release(actor=analyst, release=draft)
    assert not Release.objects.filter(state="published").exists()


@pytest.mark.parametrize(
    "persona", ["officer_minsk", "caseworker_gomel", "outsider", "investigator"]
)
def test_only_statistics_publishers_prepare_releases(
    actor: Callable[[str], Actor], persona: str
) -> None:
    with pytest.raises(ValidationError):
        do_prepare_release(actor=actor(persona), year=2025)


def test_the_command_line_report_is_disclosure_controlled_and_audited(
    actor: Callable[[str], Actor], population: None
) -> None:
    [(_key, name, content)] = do_generate_report(actor=None, year=2025, language="en", format="pdf")
    assert name == "palermo-statistics-2025-en.pdf"
    text = pdf_text(content)
    assert "Persons identified, by sex and age" in text
    assert "Methods" in text
