"""Permission tables for the liability pages and endpoints: (persona, page or endpoint) → what
the persona gets. Art. 30 decisions are recorded by the migration bodies; administrative
offences by the counter-trafficking units, investigators and the registry; national roles read
both; everyone else gets 404 on a page and 403 from the API, and migration officers of any
agency learn Art. 30 decisions through the expulsion check only."""

from __future__ import annotations

from datetime import date

import pytest

from palermo.core.models import AuditEvent
from palermo.justice.models import AdministrativeOffence, ForeignNationalConsequence
from palermo.justice.services import (
    ConsequenceInput,
    OffenceInput,
    do_record_consequence,
    do_record_offence,
)
from tests.conftest import PERSONA_NAMES

pytestmark = pytest.mark.django_db

ALL = set(PERSONA_NAMES)
NATIONAL = {"admin"}  # national_admin; the national coordinator reads too (not a persona)
ART30_RECORDERS = {"migration_officer"}
OFFENCE_RECORDERS = {"officer_minsk", "investigator", "registry_officer"}
DAY = "2026-02-16"

CONSEQUENCE = {
    "kind": "extension_refused",
    "decision_number": "21/2026",
    "decided_on": DAY,
    "issuing_body": "Citizenship and Migration Department, Minsk",
    "family_name_latin": "Petrenko",
    "given_name_latin": "Bohdan",
    "date_of_birth": "1984-07-09",
    "citizenship_status": "citizen",
    "citizenship": "UA",
}
OFFENCE = {
    "offender_kind": "organisation",
    "organisation_name": "Star Models LLC",
    "article": "aoc_23_65",
    "decided_on": DAY,
    "deciding_body": "Court of the Central District of Minsk",
    "penalty": "fine",
    "penalty_amount": "50.00",
}


@pytest.fixture
def recorded(actor):
    consequence = do_record_consequence(
        actor=actor("migration_officer"),
        data=ConsequenceInput(**{**CONSEQUENCE, "decided_on": date(2026, 2, 16),  # type: ignore[arg-type]
                                 "date_of_birth": date(1984, 7, 9), "decision_number": "20"}),
    )  # fmt: skip
    offence = do_record_offence(
        actor=actor("registry_officer"),
        data=OffenceInput(**{**OFFENCE, "decided_on": date(2026, 2, 16), "penalty_amount": 50}),  # type: ignore[arg-type]
    )
    return consequence, offence


PAGES = [
    ("Art. 30 list", "/justice/foreign-nationals/", ART30_RECORDERS | NATIONAL),
    ("Art. 30 form", "/justice/foreign-nationals/new/", ART30_RECORDERS),
    ("offences list", "/justice/offences/", OFFENCE_RECORDERS | NATIONAL),
    ("offence form", "/justice/offences/new/", OFFENCE_RECORDERS),
]


@pytest.mark.parametrize(("name", "url", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_pages(name, url, allowed, client_for):
    got = {persona: client_for(persona).get(url).status_code for persona in ALL}
    assert got == {persona: 200 if persona in allowed else 404 for persona in ALL}


def test_lists_show_names_to_their_readers_and_audit_the_read(recorded, client_for):
    page = client_for("migration_officer").get("/justice/foreign-nationals/").content.decode()
    assert "Petrenko" in page and "Extension of stay refused" in page
    assert "Law No. 350-Z, Art. 30" in page and "No. 20 of" in page
    assert AuditEvent.objects.filter(action="justice.consequences_viewed").exists()
    offences = client_for("admin").get("/justice/offences/").content.decode()
    assert (
        "Star Models LLC" in offences and "Art. 23.65" in offences and "50 base units" in offences
    )
    # The investigator's agency recorded none: its list is empty.
    own = client_for("investigator").get("/justice/offences/").content.decode()
    assert "Star Models LLC" not in own


def test_recording_through_the_pages(client_for):
    response = client_for("migration_officer").post(
        "/justice/foreign-nationals/new/", {**CONSEQUENCE, "kind": "stay_shortened"}
    )
    assert response.status_code == 200
    assert "Enter the new last day of the stay." in response.content.decode()
    assert ForeignNationalConsequence.objects.count() == 0
    response = client_for("migration_officer").post(
        "/justice/foreign-nationals/new/",
        {**CONSEQUENCE, "kind": "stay_shortened", "stay_until": "2026-02-28"},
    )
    assert response.status_code == 302
    assert ForeignNationalConsequence.objects.get().stay_until == date(2026, 2, 28)
    response = client_for("officer_minsk").post("/justice/offences/new/", OFFENCE)
    assert response.status_code == 302
    assert AdministrativeOffence.objects.get().region == "BY-HM"


def test_the_expulsion_check_page_shows_art30_decisions(recorded, client_for):
    page = client_for("migration_officer").post(
        "/justice/expulsion-check/",
        {"name": "Petrenko Bohdan", "date_of_birth": "1984-07-09", "purpose": "File 3"},
    )
    main = page.content.decode().split("<main", 1)[1].split("</main>")[0]
    assert "Expulsion and deportation suspended: no" in main
    assert "Extension of stay refused" in main and "Law No. 350-Z, Art. 30" in main
    assert "Citizenship and Migration Department, Minsk" in main
    assert "UA" not in main.split("art30-heading")[1]  # nothing beyond the decision itself


# --- API ----------------------------------------------------------------------------------------
API_READS = [
    ("Art. 30 list", "/api/justice/foreign-nationals/", ART30_RECORDERS | NATIONAL),
    ("offences list", "/api/justice/offences/", OFFENCE_RECORDERS | NATIONAL),
]


@pytest.mark.parametrize(("name", "url", "allowed"), API_READS, ids=[a[0] for a in API_READS])
def test_api_reads(name, url, allowed, recorded, api_for):
    got = {p: api_for(p).get(url).status_code for p in ALL}
    assert got == {p: 200 if p in allowed else 403 for p in ALL}


API_WRITES = [
    ("Art. 30 decision", "/api/justice/foreign-nationals/", CONSEQUENCE, ART30_RECORDERS),
    ("offence", "/api/justice/offences/", OFFENCE, OFFENCE_RECORDERS),
]


@pytest.mark.parametrize(
    ("name", "url", "body", "allowed"), API_WRITES, ids=[w[0] for w in API_WRITES]
)
def test_api_writes(name, url, body, allowed, api_for):
    got = {}
    for n, persona in enumerate(sorted(ALL)):
        response = api_for(persona).post(url, {**body, "decision_number": f"n-{n}"}, format="json")
        got[persona] = response.status_code
    assert got == {p: 201 if p in allowed else 403 for p in ALL}


def test_api_bad_input_names_the_field_and_writes_nothing(api_for):
    client = api_for("registry_officer")
    response = client.post(
        "/api/justice/offences/", {**OFFENCE, "penalty": "arrest"}, format="json"
    )
    assert response.status_code == 400 and "penalty" in response.json()
    response = client.post(
        "/api/justice/offences/", {**OFFENCE, "penalty_amount": "-5"}, format="json"
    )
    assert response.status_code == 400 and "penalty_amount" in response.json()
    response = client.post(
        "/api/justice/offences/", {**OFFENCE, "decided_on": "16.02.2026"}, format="json"
    )
    assert response.status_code == 400 and "decided_on" in response.json()
    response = api_for("migration_officer").post(
        "/api/justice/foreign-nationals/", {**CONSEQUENCE, "citizenship": "BY"}, format="json"
    )
    assert response.status_code == 400 and "citizenship" in response.json()
    assert AdministrativeOffence.objects.count() == 0
    assert ForeignNationalConsequence.objects.count() == 0


def test_a_retried_api_request_records_once(api_for):
    client = api_for("investigator")
    headers = {"Idempotency-Key": "offence-2026-0001"}
    first = client.post("/api/justice/offences/", OFFENCE, format="json", headers=headers)
    again = client.post("/api/justice/offences/", OFFENCE, format="json", headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert AdministrativeOffence.objects.count() == 1


def test_the_api_expulsion_check_lists_art30_decisions(recorded, api_for):
    response = api_for("migration_officer").post(
        "/api/justice/expulsion-check/",
        {"name": "Петренко", "date_of_birth": "1984-07-09", "purpose": "File 4"},
        format="json",
    )
    body = response.json()
    assert body["suspended"] is False
    assert body["art30_decisions"] == [
        {
            "kind": "extension_refused",
            "kind_name": "Extension of stay refused",
            "legal_basis": "Law No. 350-Z, Art. 30",
            "decision_number": "20",
            "decided_on": "2026-02-16",
            "issuing_body": "Citizenship and Migration Department, Minsk",
            "stay_until": None,
        }
    ]


def test_the_api_list_carries_the_legal_basis(recorded, api_for):
    rows = api_for("admin").get("/api/justice/offences/").json()["results"]
    assert rows[0]["article_citation"] == "Code of Administrative Offences, Art. 23.65"
    assert rows[0]["penalty_unit"] == "base_units"


def test_an_investigator_links_an_offence_to_own_proceedings_only(actor, client_for, api_for):
    from tests.justice.conftest import open_proceedings

    proceedings = open_proceedings(actor("investigator"), "12600077")
    form = client_for("investigator").get("/justice/offences/new/").content.decode()
    assert "12600077" in form
    assert (
        "12600077"
        not in client_for("registry_officer").get("/justice/offences/new/").content.decode()
    )
    response = client_for("investigator").post(
        "/justice/offences/new/", {**OFFENCE, "proceedings": proceedings.pk}
    )
    assert response.status_code == 302
    assert AdministrativeOffence.objects.get().proceedings == proceedings
    # The registry does not see the proceedings: the link is refused, naming the field.
    refused = api_for("registry_officer").post(
        "/api/justice/offences/", {**OFFENCE, "proceedings_id": proceedings.pk}, format="json"
    )
    assert refused.status_code == 400 and "proceedings" in refused.json()
    assert AdministrativeOffence.objects.count() == 1
