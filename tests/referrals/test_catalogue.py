"""The service catalogue: HTCDS support-plan types plus the jurisdiction's own, checked like a pack."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from django.test import override_settings

from palermo.jurisdictions.pack import (
    SHIPPED_PACKS,
    PackError,
    clear_pack_cache,
    get_pack,
    load_pack,
)
from palermo.referrals.catalogue import (
    CATALOGUE_FILE,
    CatalogueError,
    get_catalogue,
    load_catalogue,
    read_catalogue,
)
from palermo.referrals.checks import check_service_catalogue

TEST_PACKS = Path(__file__).resolve().parent.parent / "jurisdictions" / "packs"
HTCDS_TYPES = {
    "education", "financial", "health", "labour_exploitation_rehabilitation", "legal",
    "livelihood", "rights_based_training", "sexual_exploitation_rehabilitation", "social_care",
}  # fmt: skip


@pytest.fixture(scope="module")
def belarus():
    return load_pack(SHIPPED_PACKS / "belarus")


def test_belarus_adds_its_services_to_the_htcds_types_with_their_legal_bases(belarus) -> None:
    catalogue = load_catalogue(CATALOGUE_FILE, belarus)
    codes = {t.code for t in catalogue.types}
    assert codes >= HTCDS_TYPES
    assert {
        "free_medical_care", "consular_assistance", "assisted_voluntary_return", "shelter",
        "psychological_help",
    } <= codes  # fmt: skip
    medical = catalogue.get("free_medical_care")
    assert medical is not None and medical.legal_basis is not None
    assert medical.legal_basis.citation == "Ministry of Health Regulation No. 41 of 28.04.2012"
    assert medical.htcds_name == "Health"
    assert medical.name("ru").startswith("Бесплатные медицинские услуги")
    shelter = catalogue.get("shelter")
    assert shelter is not None and shelter.legal_basis is not None
    assert shelter.legal_basis.citation == "Law No. 350-Z, Art. 21"
    assert catalogue.get("legal").htcds_name == "Legal"  # type: ignore[union-attr]
    assert catalogue.follow_up_days == 90


def test_urgency_shortens_the_packs_answer_deadline(belarus) -> None:
    catalogue = load_catalogue(CATALOGUE_FILE, belarus)
    friday = date(2026, 3, 6)
    # The pack's referral_response deadline: 3 working days (8 March is a holiday, a Sunday).
    assert catalogue.due_date(belarus, "routine", friday) == date(2026, 3, 11)
    assert catalogue.due_date(belarus, "urgent", friday) == date(2026, 3, 9)
    assert catalogue.due_date(belarus, "emergency", friday) == friday


def test_a_jurisdiction_without_an_entry_has_the_htcds_types_and_default_rules() -> None:
    testland = load_pack(TEST_PACKS / "testland")
    catalogue = load_catalogue(CATALOGUE_FILE, testland)
    assert {t.code for t in catalogue.types} == HTCDS_TYPES
    assert catalogue.get("free_medical_care") is None
    assert catalogue.response_working_days(testland, "emergency") == 2  # the pack's own 2 days


def test_the_configured_pack_decides_which_catalogue_applies() -> None:
    with override_settings(
        PALERMO_JURISDICTION="testland", PALERMO_JURISDICTION_DIRS=[str(TEST_PACKS)]
    ):
        clear_pack_cache()
        assert get_catalogue().get("shelter") is None
        assert get_pack().code == "testland"
    clear_pack_cache()
    assert get_catalogue().get("shelter") is not None


def test_every_mistake_is_reported_with_its_place(belarus) -> None:
    data = yaml.safe_load(
        """
belarus:
  services:
    - code: Shelter Beds
      htcds_type: housing
      name: {ru: Койки}
    - code: legal
      htcds_type: legal
      name: {en: Lawyers}
    - code: hotline_help
      htcds_type: social_care
      legal_basis: no_such_law
      name: {en: Help by phone}
      colour: red
  referral_rules:
    follow_up_days: 30
testland:
  services: not a list
"""
    )
    with pytest.raises(CatalogueError) as err:
        read_catalogue(data, belarus)
    problems = "\n".join(err.value.problems)
    for expected in [
        "belarus.services[0].code: must be a lower-case code",
        "belarus.services[0].htcds_type: must be one of the HTCDS support-plan types",
        "belarus.services[0].name: must have an English ('en') text",
        "belarus.services[1].code: 'legal' is an HTCDS support-plan type already",
        "belarus.services[2].legal_basis: 'no_such_law' is not a legal basis of the pack 'belarus'",
        "belarus.services[2].colour: is not a known key",
        "belarus.referral_rules: the referral rules are in the jurisdiction pack",
        "testland.services: must be a list",
    ]:
        assert expected in problems
    assert len(err.value.problems) == 8


def test_a_broken_file_fails_the_system_check(tmp_path, monkeypatch) -> None:
    from palermo.referrals import catalogue

    broken = tmp_path / "service_types.yaml"
    broken.write_text("belarus:\n  services:\n    - code: x\n", encoding="utf-8")
    monkeypatch.setattr(catalogue, "CATALOGUE_FILE", broken)
    catalogue._cached.cache_clear()
    messages = check_service_catalogue()
    assert messages and all(m.id == "referrals.E001" for m in messages)
    assert any("belarus.services[0].code" in m.msg for m in messages)
    monkeypatch.undo()
    catalogue._cached.cache_clear()
    assert check_service_catalogue() == []


def test_the_shipped_file_is_valid() -> None:
    assert check_service_catalogue() == []


# --- the referral rules: the pack's referrals section ---------------------------------------


def referrals_pack(tmp_path: Path, section: str) -> Path:
    folder = tmp_path / "testland"
    folder.mkdir()
    source = TEST_PACKS / "testland" / "pack.yaml"
    (folder / "pack.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "referrals.yaml").write_text(section, encoding="utf-8")
    return folder


def test_the_referral_rules_come_from_the_pack(tmp_path: Path) -> None:
    pack = load_pack(
        referrals_pack(tmp_path, "referrals:\n  urgency: {emergency: 1}\n  follow_up_days: 30\n")
    )
    catalogue = load_catalogue(CATALOGUE_FILE, pack)
    assert catalogue.follow_up_days == 30
    assert catalogue.response_working_days(pack, "emergency") == 1
    assert catalogue.response_working_days(pack, "routine") == 2  # the pack's own deadline


def test_a_pack_without_referral_rules_keeps_its_deadline_and_the_default_follow_up() -> None:
    testland = load_pack(TEST_PACKS / "testland")
    assert testland.referrals is None
    catalogue = load_catalogue(CATALOGUE_FILE, testland)
    assert catalogue.follow_up_days == 90
    assert catalogue.urgency_caps == {}


def test_the_pack_checker_reports_every_mistake_in_the_referral_rules(tmp_path: Path) -> None:
    folder = referrals_pack(
        tmp_path, "referrals:\n  follow_up_days: -3\n  urgency: {urgent: two, someday: 1}\n"
    )
    with pytest.raises(PackError) as error:
        load_pack(folder)
    problems = "\n".join(problem.message for problem in error.value.problems)
    assert "referrals.yaml: referrals.follow_up_days -3 must be between 0 and 3650" in problems
    assert "referrals.yaml: referrals.urgency.urgent must be a whole number" in problems
    assert "referrals.yaml: referrals.urgency.someday 'someday' is not an urgency level" in problems
