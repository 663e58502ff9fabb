"""Castings (Law No. 350-Z, Art. 15 p.1-2): a casting is registered with its organiser and its
published notice; the internal affairs bodies check it and record what they found."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from palermo.core.models import AuditEvent
from palermo.registries.models import Casting, CastingCheck
from palermo.registries.services import (
    CastingInput,
    do_record_casting_check,
    do_register_casting,
)
from tests.registries.conftest import ALL_PERSONAS

MANAGERS = {"registry_officer", "admin"}
VIEWERS = MANAGERS | {"officer_minsk", "hotline_operator"}
CHECKERS = MANAGERS | {"officer_minsk"}  # the internal affairs bodies: registry, MoI, CT units

GOOD = {
    "registration_number": "K-2026-014",
    "organiser_name": "Model Star LLC",
    "organiser_taxpayer_number": "190555123",
    "purpose": "employment_abroad",
    "destination_country": "AE",
    "notice_text": "Casting for hostesses and dancers, work in Dubai, high pay, 18-25.",
    "notice_media": "instagram.com/modelstar.by",
    "notice_published_on": "2026-02-10",
    "held_from": "2026-03-01",
    "held_until": "2026-03-02",
    "place": "Minsk, Pieramozhtsau Ave 11, office 4",
}


def casting_input(**overrides: object) -> CastingInput:
    values: dict[str, object] = dict(GOOD)
    for name in ("notice_published_on", "held_from", "held_until"):
        values[name] = date.fromisoformat(str(values[name]))
    values.update(overrides)
    return CastingInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def casting(actor) -> Casting:
    return do_register_casting(actor=actor("registry_officer"), data=casting_input())


def test_a_casting_is_registered_with_its_organiser_notice_and_legal_basis(client_for):
    """Seed 000, note 25: "there is a strict procedure of competitive selection of candidates
    for participation in advertising projects or subsequent employment (castings) – part 1, 2
    article 15 of the Law No. 350-Z"."""
    client = client_for("registry_officer")
    response = client.post(reverse("registries:casting_register"), GOOD)
    casting = Casting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registries:casting", args=[casting.pk])
    assert casting.legal_basis == "Law No. 350-Z, Art. 15 p.1-2"
    page = client.get(response["Location"]).content.decode()
    assert "Model Star LLC" in page and "190555123" in page
    assert "work in Dubai" in page and "instagram.com/modelstar.by" in page
    assert "Competitive selection of candidates at castings" in page
    assert "Not checked yet." in page
    assert AuditEvent.objects.filter(action="registries.casting_registered").count() == 1
    listing = client.get(reverse("registries:castings"), {"checked": "never"}).content.decode()
    assert "K-2026-014" in listing


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"organiser_name": ""}, "organiser_name", "Enter the organiser of the casting."),
        ({"organiser_taxpayer_number": "12"}, "organiser_taxpayer_number", "UNP"),
        ({"purpose": "fun"}, "purpose", "Choose what the candidates are selected for."),
        ({"destination_country": ""}, "destination_country", "country where the selected"),
        ({"notice_text": ""}, "notice_text", "Enter the text of the casting notice."),
        ({"held_until": "2026-02-28"}, "held_until", "cannot end before it starts"),
        ({"notice_published_on": "2026-03-01T"}, "notice_published_on", "Date"),
        (
            {"notice_published_on": "2026-03-02"},
            "notice_published_on",
            "published before the casting starts",
        ),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(api_for, change, field, message):
    response = api_for("registry_officer").post(
        "/api/registries/castings/", {**GOOD, **change}, format="json"
    )
    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert not Casting.objects.exists()


def test_a_registration_number_is_registered_once(api_for, casting):
    again = api_for("registry_officer").post("/api/registries/castings/", GOOD, format="json")
    assert again.status_code == 400
    assert "already registered" in str(again.json()["registration_number"])


def test_the_internal_affairs_check_a_casting_and_record_the_outcome(client_for, casting):
    """Art. 15 p.1-2 as DOMAIN.md §8 reads it: castings are checked by the internal affairs
    bodies. A CT officer records a check that found violations (an offence report under the
    Code of Administrative Offences, Art. 23.65 "Illegal castings")."""
    client = client_for("officer_minsk")
    page = client.get(reverse("registries:casting", args=[casting.pk])).content.decode()
    assert "Record a check" in page
    response = client.post(
        reverse("registries:casting_check", args=[casting.pk]),
        {
            "checked_on": "2026-03-01",
            "outcome": "violations",
            "findings": "No competitive selection: candidates chosen by the employer abroad.",
            "offence_report": "AOC 23.65, report No. 117 of 01.03.2026",
            "version": casting.version,
        },
    )
    assert response.status_code == 302
    check = CastingCheck.objects.get()
    assert check.agency.kind == "ct_unit" and check.outcome == "violations"
    casting.refresh_from_db()
    assert casting.last_check_outcome == "violations" and casting.version == 2
    page = client.get(reverse("registries:casting", args=[casting.pk])).content.decode()
    assert "Violations found" in page and "report No. 117" in page
    assert AuditEvent.objects.get(action="registries.casting_checked").data["outcome"] == (
        "violations"
    )
    listing = client.get(reverse("registries:castings"), {"checked": "violations"})
    assert "K-2026-014" in listing.content.decode()


def test_a_check_that_found_violations_must_say_which(api_for, casting):
    response = api_for("officer_minsk").post(
        f"/api/registries/castings/{casting.pk}/checks/",
        {"checked_on": "2026-03-01", "outcome": "violations"},
        format="json",
    )
    assert response.status_code == 400
    assert "Describe the violations found." in str(response.json()["findings"])
    early = api_for("officer_minsk").post(
        f"/api/registries/castings/{casting.pk}/checks/",
        {"checked_on": "2026-01-01", "outcome": "compliant"},
        format="json",
    )
    assert early.status_code == 400 and "notice was published" in str(early.json())
    assert not CastingCheck.objects.exists()


def test_a_stale_check_is_refused(actor, api_for, casting):
    do_record_casting_check(
        actor=actor("registry_officer"),
        casting=casting,
        checked_on=date(2026, 3, 1),
        outcome="compliant",
    )
    stale = api_for("officer_minsk").post(
        f"/api/registries/castings/{casting.pk}/checks/",
        {"checked_on": "2026-03-02", "outcome": "compliant", "expected_version": 1},
        format="json",
    )
    assert stale.status_code == 409
    assert CastingCheck.objects.count() == 1


def test_the_api_registers_checks_and_reads_a_casting(api_for):
    officer = api_for("registry_officer")
    created = officer.post("/api/registries/castings/", GOOD, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["legal_basis"] == "Law No. 350-Z, Art. 15 p.1-2"
    assert body["destination_country"] == "AE" and body["checks"] == []
    checked = api_for("officer_minsk").post(
        f"/api/registries/castings/{body['id']}/checks/",
        {"checked_on": "2026-03-01", "outcome": "compliant"},
        format="json",
    )
    assert checked.status_code == 201
    assert checked.json()["last_check_outcome"] == "compliant"
    assert checked.json()["checks"][0]["agency"]
    listed = officer.get("/api/registries/castings/", {"q": "190555123"}).json()
    assert [c["registration_number"] for c in listed["results"]] == ["K-2026-014"]


def test_the_schema_documents_the_casting_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/registries/castings/{casting_id}/checks/" in schema


# --- permission tables ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_who_sees_castings(persona, rclient, rapi, casting):
    pages = [reverse("registries:castings"), reverse("registries:casting", args=[casting.pk])]
    for url in pages:
        assert rclient(persona).get(url).status_code == (200 if persona in VIEWERS else 404)
    api = rapi(persona)
    listing = api.get("/api/registries/castings/").status_code
    assert listing == (200 if persona in VIEWERS else 403)
    detail = api.get(f"/api/registries/castings/{casting.pk}/").status_code
    assert detail == (200 if persona in VIEWERS else 404)


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_who_registers_castings(persona, rclient, rapi):
    page = rclient(persona).get(reverse("registries:casting_register")).status_code
    assert page == (200 if persona in MANAGERS else 404)
    response = rapi(persona).post("/api/registries/castings/", GOOD, format="json")
    assert response.status_code == (201 if persona in MANAGERS else 403)
    assert Casting.objects.count() == (1 if persona in MANAGERS else 0)


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_who_checks_castings(persona, rclient, rapi, casting):
    body = {"checked_on": "2026-03-01", "outcome": "compliant"}
    api = rapi(persona).post(f"/api/registries/castings/{casting.pk}/checks/", body)
    page = rclient(persona).post(reverse("registries:casting_check", args=[casting.pk]), body)
    if persona in CHECKERS:
        assert (api.status_code, page.status_code) == (201, 302)
        assert CastingCheck.objects.count() == 2
    else:
        # The hotline operator reads castings but is no internal affairs body.
        assert (api.status_code, page.status_code) == (404, 404)
        assert not CastingCheck.objects.exists()


# --- the pack's rules ---------------------------------------------------------------------------

CASTINGS = """\
  castings:
    legal_basis: {basis}
    check_agency_kinds: [{kind}]
"""


def test_the_pack_names_the_basis_and_the_internal_affairs_bodies(tmp_path):
    from palermo.jurisdictions.pack import load_pack
    from tests.jurisdictions.test_registries_section import REGISTRIES, write_pack

    text = REGISTRIES + CASTINGS.format(basis="act_s1", kind="police")
    found = load_pack(write_pack(tmp_path / "regtest", text)).registries
    assert found.casting_basis == "act_s1" and found.casting_check_kinds == {"police"}
    without = load_pack(write_pack(tmp_path / "other" / "regtest", REGISTRIES)).registries
    assert without.casting_basis is None


@pytest.mark.parametrize(
    ("basis", "kind", "expected"),
    [
        ("act_s9", "police", "castings.legal_basis 'act_s9' is not a legal basis of this pack"),
        ("act_s1", "army", "castings.check_agency_kinds[0] 'army' is not an agency kind"),
    ],
)
def test_the_pack_checker_refuses_bad_casting_rules(tmp_path, basis, kind, expected):
    from django.utils import translation

    from palermo.jurisdictions.pack import PackError, load_pack
    from tests.jurisdictions.test_registries_section import REGISTRIES, write_pack

    text = REGISTRIES + CASTINGS.format(basis=basis, kind=kind)
    with pytest.raises(PackError) as error, translation.override("en"):
        load_pack(write_pack(tmp_path / "regtest", text))
    with translation.override("en"):
        messages = [p.message for p in error.value.problems]
    assert any(expected in m for m in messages), messages


def test_a_pack_without_castings_has_no_casting_registry(settings, client_for, api_for):
    from tests.jurisdictions.test_registries_section import TEST_PACKS

    settings.PALERMO_JURISDICTION = "testland"
    settings.PALERMO_JURISDICTION_DIRS = [str(TEST_PACKS)]
    assert client_for("registry_officer").get(reverse("registries:castings")).status_code == 404
    assert api_for("registry_officer").get("/api/registries/castings/").status_code == 404
