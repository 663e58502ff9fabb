"""The registries follow the rules of the configured pack (its ``registries`` section), not code:
a site's amended copy of the Belarus pack changes what the registry officer and the public see."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from pytest_django.fixtures import Settings

from palermo.jurisdictions.pack import SHIPPED_PACKS
from palermo.registries.services import (
    do_record_organisation_step,
    do_record_suspension,
    party_of,
    validate_organisation,
)
from tests.registries.conftest import organisation_input, step

AMENDED = {
    "pattern: '[0-9]{9}'": "pattern: '[0-9]{12}'",
    "example: '190123456'": "example: '100000000001'",
    "publication: law_350z_art16_p3": "publication: law_350z_art14",
    "listed: com_reg_427": "listed: law_350z_art16_p3",
    "interior: [registry, interior_ministry]": "interior: [interior_ministry]",
    "education: [education]": "education: [education, registry]",
}


@pytest.fixture
def amended_pack(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "belarus"
    shutil.copytree(SHIPPED_PACKS / "belarus", folder)
    file = folder / "registries.yaml"
    text = file.read_text(encoding="utf-8")
    for old, new in AMENDED.items():
        assert old in text, old
        text = text.replace(old, new)
    file.write_text(text, encoding="utf-8")
    settings.PALERMO_JURISDICTION_DIRS = [str(tmp_path)]


def test_the_taxpayer_number_format_comes_from_the_pack(personas, amended_pack):
    errors = validate_organisation(organisation_input(registration_number="191234567").cleaned())
    assert errors["registration_number"] == [
        "Enter a valid taxpayer number (UNP), e.g. 100000000001."
    ]
    assert "registration_number" not in validate_organisation(
        organisation_input(registration_number="191234567890").cleaned()
    )


def test_each_step_cites_the_basis_the_pack_names(registrar, amended_pack):
    org = do_record_suspension(
        actor=registrar, data=organisation_input(registration_number="191234567890")
    )
    for kind, on in (
        ("court_requested", date(2025, 3, 1)),
        ("recognised", date(2025, 4, 1)),
        ("listed", date(2025, 5, 1)),
    ):
        org = do_record_organisation_step(actor=registrar, organisation=org, data=step(kind, on))
    assert dict(org.steps.values_list("step", "legal_basis_key")) == {
        "suspended": "law_350z_art29",
        "court_requested": "law_350z_art29",
        "recognised": "law_350z_art29",
        "listed": "law_350z_art16_p3",
    }
    assert org.steps.get(step="listed").legal_basis == "Law No. 350-Z, Art. 16 p.3"


def test_the_ministry_an_officer_decides_for_comes_from_the_pack(actor, amended_pack):
    assert party_of(actor("registry_officer")) == "education"


def test_the_portal_cites_the_publication_basis_of_the_pack(db, amended_pack):
    for address in ("/portal/en/check/?q=190123456", "/portal/en/organisations/"):
        page = Client().get(address).content.decode()
        assert "Published under Law No. 350-Z, Art. 14 —" in page, address
        assert "Art. 16 p.3" not in page, address


def test_the_shipped_pack_rules_apply_by_default(registrar):
    with pytest.raises(ValidationError) as exc:
        do_record_suspension(
            actor=registrar, data=organisation_input(registration_number="191234567890")
        )
    assert exc.value.message_dict["registration_number"] == [
        "Enter a valid taxpayer number (UNP), e.g. 190123456."
    ]
    page = Client().get("/portal/en/organisations/").content.decode()
    assert "Published under Law No. 350-Z, Art. 16 p.3 —" in page
