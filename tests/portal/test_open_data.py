"""The portal's open-data page: published releases only, no log-in, cacheable, three languages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from palermo.accounts.actor import Actor
from palermo.stats.services import do_prepare_release, do_publish_release
from tests.stats.population import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(actor: Callable[[str], Actor]) -> None:
    police = actor("officer_minsk")
    for n in range(15):
        register(police, n, gender="female" if n < 12 else "male")
    analyst = actor("analyst")
    do_publish_release(actor=analyst, release=do_prepare_release(actor=analyst, year=2025))
    do_prepare_release(actor=analyst, year=2024)  # a draft: not open data


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("en", "Figures for 2025"), ("ru", "Данные за 2025"), ("be", "Даныя за 2025")],
)
def test_anyone_reads_the_published_year_in_every_language(
    published: None, lang: str, heading: str
) -> None:
    listing = Client().get(f"/portal/{lang}/open-data/")
    assert listing.status_code == 200
    assert "public" in listing["Cache-Control"]
    page = Client().get(f"/portal/{lang}/open-data/2025/")
    text = page.content.decode()
    assert page.status_code == 200 and heading in text
    assert "<svg" in text and "<script" not in text
    assert f"palermo-statistics-2025-{lang}.pdf" in text
    assert "2024" not in listing.content.decode()


def test_a_draft_year_is_not_found(published: None) -> None:
    assert Client().get("/portal/en/open-data/2024/").status_code == 404


def test_the_published_tables_show_no_small_count(published: None) -> None:
    text = Client().get("/portal/en/open-data/2025/").content.decode()
    table = text.split('data-table="persons_sex_age"')[1].split("</table>")[0]
    assert "<td>3</td>" not in table and "<td>x</td>" in table


def test_files_download_without_log_in(published: None) -> None:
    page = Client().get("/portal/en/open-data/2025/").content.decode()
    link = page.split('href="/portal/en/open-data/2025/files/')[1].split('"')[0]
    response = Client().get(f"/portal/en/open-data/2025/files/{link}")
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF") or response.content[:2] == b"PK"
