"""The statistics pages and API: who sees what (persona tables), filters, bad input."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from rest_framework.test import APIClient

from palermo.accounts.actor import Actor
from palermo.stats.models import Release
from palermo.stats.services import do_prepare_release, do_publish_release
from tests.conftest import PERSONA_NAMES
from tests.stats.population import register

pytestmark = pytest.mark.django_db

STATISTICS_ROLES = {"analyst", "admin"}
PUBLISHERS = {"analyst", "admin"}


@pytest.fixture
def population(actor: Callable[[str], Actor]) -> None:
    police = actor("officer_minsk")
    for n in range(12):
        register(police, n, gender="female")
    for n in range(12, 15):
        register(police, n, gender="male")


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_who_opens_the_statistics_page(
    client_for: Callable[[str], Client], persona: str, population: None
) -> None:
    response = client_for(persona).get("/stats/?year=2025")
    expected = 200 if persona in STATISTICS_ROLES else 404
    assert response.status_code == expected
    if expected == 200:
        assert "Persons identified, by sex and age" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_who_reads_the_figures_through_the_api(
    api_for: Callable[[str], APIClient], persona: str, population: None
) -> None:
    response = api_for(persona).get("/api/stats/figures/", {"year": "2025"})
    assert response.status_code == (200 if persona in STATISTICS_ROLES else 404)


def test_the_analyst_sees_counts_and_never_an_identity(
    client_for: Callable[[str], Client], population: None
) -> None:
    page = client_for("analyst").get("/stats/?year=2025").content.decode()
    assert "Прозвішча" not in page and "Proz1" not in page
    # Exact counts inside: the 3 men are shown; the published preview hides them.
    table = page.split('data-table="persons_sex_age"')[1].split("</table>")[0]
    assert "<td>3</td>" in table
    preview = client_for("analyst").get("/stats/?year=2025&view=published").content.decode()
    table = preview.split('data-table="persons_sex_age"')[1].split("</table>")[0]
    assert "<td>3</td>" not in table and "<td>x</td>" in table


def test_the_api_gives_exact_and_published_numbers(
    api_for: Callable[[str], APIClient], population: None
) -> None:
    api = api_for("analyst")
    exact = api.get("/api/stats/figures/", {"year": "2025"}).json()
    sex = next(t for t in exact["tables"] if t["key"] == "persons_sex_age")
    male = next(r for r in sex["rows"] if r["name"] == "Male")
    assert male["values"] == [3, 0, 0, 3]
    published = api.get("/api/stats/figures/", {"year": "2025", "view": "published"}).json()
    sex = next(t for t in published["tables"] if t["key"] == "persons_sex_age")
    male = next(r for r in sex["rows"] if r["name"] == "Male")
    assert male["values"][0] is None
    assert sex["total"]["year_before"] == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [("year=abc", "year"), ("year=2025&quarter=7", "quarter"), ("region=XX-1", "region"),
     ("agency_kind=nope", "agency_kind"), ("start=2025-01-01", "end"), ("view=all", "view")],
)  # fmt: skip
def test_bad_filters_answer_400_naming_the_field(
    client_for: Callable[[str], Client],
    api_for: Callable[[str], APIClient],
    query: str,
    field: str,
) -> None:
    page = client_for("analyst").get(f"/stats/?{query}")
    assert page.status_code == 400 and f"{field}:" in page.content.decode()
    response = api_for("analyst").get(f"/api/stats/figures/?{query}")
    assert response.status_code == 400 and field in response.json()


def test_the_analyst_prepares_writes_and_publishes_in_the_ui(
    client_for: Callable[[str], Client], population: None
) -> None:
    client = client_for("analyst")
    response = client.post("/stats/releases/", {"year": "2025"})
    release = Release.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/stats/releases/{release.pk}/"
    client.post(
        f"/stats/releases/{release.pk}/texts/",
        {"evaluation": "Good.", "recommendations": "More shelters.", "version": release.version},
    )
    page = client.get(f"/stats/releases/{release.pk}/").content.decode()
    assert "More shelters." in page and "passed" in page
    client.post(f"/stats/releases/{release.pk}/publish/")
    release.refresh_from_db()
    assert release.is_published
    pdf = release.files.get(format="pdf", language="en")
    download = client.get(f"/stats/releases/{release.pk}/files/{pdf.pk}/")
    assert download["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("persona", sorted(set(PERSONA_NAMES) - PUBLISHERS))
def test_others_cannot_prepare_or_publish(
    client_for: Callable[[str], Client],
    api_for: Callable[[str], APIClient],
    actor: Callable[[str], Actor],
    persona: str,
    population: None,
) -> None:
    draft = do_prepare_release(actor=actor("analyst"), year=2025)
    assert client_for(persona).post(f"/stats/releases/{draft.pk}/publish/").status_code == 404
    assert api_for(persona).post(f"/api/stats/releases/{draft.pk}/publish/").status_code == 404
    assert api_for(persona).post("/api/stats/releases/", {"year": 2025}).status_code == 404
    draft.refresh_from_db()
    assert not draft.is_published


def test_the_api_publishes_and_anyone_reads_the_published_release(
    api_for: Callable[[str], APIClient], population: None
) -> None:
    api = api_for("analyst")
    created = api.post("/api/stats/releases/", {"year": 2025}, format="json")
    assert created.status_code == 201
    release_id = created.json()["id"]
    patched = api.patch(
        f"/api/stats/releases/{release_id}/",
        {"evaluation": "E", "recommendations": "R", "version": 0},
        format="json",
    )
    assert patched.status_code == 409  # a stale version is refused, nothing lost
    assert api.post(f"/api/stats/releases/{release_id}/publish/").status_code == 200
    again = api.post(f"/api/stats/releases/{release_id}/publish/")
    assert again.status_code == 400  # a retried publication does not act twice

    anonymous = APIClient()
    published = anonymous.get("/api/stats/published/2025/").json()
    sex = next(t for t in published["tables"] if t["key"] == "persons_sex_age")
    assert all(v is None or v == 0 or v >= 11 for r in sex["rows"] for v in r["values"])
    pdf = next(f for f in published["files"] if f["format"] == "pdf" and f["language"] == "ru")
    download = anonymous.get(f"/api/stats/published/2025/files/{pdf['id']}/")
    assert download.status_code == 200 and download["Cache-Control"].startswith("public")
    assert anonymous.get("/api/stats/releases/").status_code in (401, 403)


def test_a_draft_is_not_open_data(actor: Callable[[str], Actor], population: None) -> None:
    do_prepare_release(actor=actor("analyst"), year=2025)
    assert APIClient().get("/api/stats/published/2025/").status_code == 404


def test_publishing_registers_the_release(actor: Callable[[str], Actor], population: None) -> None:
    release = do_publish_release(
        actor=actor("admin"), release=do_prepare_release(actor=actor("analyst"), year=2025)
    )
    assert release.published_by == actor("admin").user and release.rule["k"] == 11


def test_the_page_says_why_a_release_failing_its_audit_is_not_published(
    client_for: Callable[[str], Client], actor: Callable[[str], Actor], population: None
) -> None:
    draft = do_prepare_release(actor=actor("analyst"), year=2025)
    exact = next(t for t in draft.tables["tables"] if t["current"]["key"] == "persons_sex_age")
    draft.published["persons_sex_age"]["current"][3] = exact["current"]["cells"][1][0]
    draft.save()  # as if the 3 men had been left visible
    client = client_for("analyst")
    page = client.post(f"/stats/releases/{draft.pk}/publish/", follow=True).content.decode()
    assert "The disclosure audit failed" in page
    draft.refresh_from_db()
    assert not draft.is_published and not draft.files.exists()
