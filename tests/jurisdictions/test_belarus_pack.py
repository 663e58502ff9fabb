"""The Belarus pack that ships with Palermo: what the seed documents say, as data."""

from __future__ import annotations

from datetime import date

import pytest

from palermo.jurisdictions.pack import SHIPPED_PACKS, JurisdictionPack, load_pack


@pytest.fixture(scope="module")
def belarus() -> JurisdictionPack:
    return load_pack(SHIPPED_PACKS / "belarus")


def test_belarus_has_six_oblasts_and_minsk_city(belarus: JurisdictionPack) -> None:
    assert belarus.code == "belarus"
    assert belarus.country == "BY"
    assert {r.code for r in belarus.regions} == {
        "BY-BR", "BY-HO", "BY-HR", "BY-MA", "BY-MI", "BY-VI", "BY-HM",
    }  # fmt: skip
    minsk = belarus.region("BY-HM")
    assert minsk is not None
    assert minsk.name("en") == "Minsk City"
    assert minsk.name("be") == "горад Мінск"


def test_seven_counter_trafficking_units_one_per_region(belarus: JurisdictionPack) -> None:
    units = belarus.agencies_of_kind("ct_unit")
    regions = [unit.region.code for unit in units if unit.region is not None]
    assert len(units) == 7
    assert sorted(regions) == sorted(r.code for r in belarus.regions)


def test_national_bodies_have_no_region_and_regional_ones_do(belarus: JurisdictionPack) -> None:
    for code in ("prosecutor_general", "investigative_committee", "supreme_court", "iom_minsk"):
        entry = belarus.agency(code)
        assert entry is not None and entry.is_national, code
    gomel_ngos = [a.code for a in belarus.agencies_in_region("BY-HO") if a.kind.code == "ngo"]
    assert gomel_ngos, "the Gomel NGO persona needs an NGO in Gomel oblast"


def test_catalogue_has_the_bodies_the_seeds_name(belarus: JurisdictionPack) -> None:
    kinds = {entry.kind.code for entry in belarus.agencies}
    for kind in (
        "prosecutor", "investigative_committee", "border_guard", "state_security",
        "social_services", "health", "education", "labour", "foreign_affairs", "migration",
        "child_rights", "court", "ngo", "international_organisation", "red_cross",
        "shelter_operator", "registry", "hotline", "training", "national_rapporteur",
    ):  # fmt: skip
        assert kind in kinds, kind
    ywca = belarus.agency("ywca_belarus")
    assert ywca is not None and ywca.name("en") == "Belarusian Young Women's Christian Association"


def test_htcds_types_come_from_the_kind_unless_the_agency_overrides(
    belarus: JurisdictionPack,
) -> None:
    ct_unit = belarus.agency("ct_minsk_city")
    iom = belarus.agency("iom_minsk")
    hotline = belarus.agency("moi_hotline")
    assert ct_unit is not None and ct_unit.htcds_type == "LawEnforcement"
    assert iom is not None and iom.htcds_type is None  # HTCDS has no type for an IO
    assert hotline is not None and hotline.htcds_type == "CentralGovernmentOrganisation"


def test_legal_bases_cite_law_350z_in_three_languages(belarus: JurisdictionPack) -> None:
    basis = belarus.legal_basis("law_350z_art22_p1")
    assert basis.key == "law_350z_art22_p1"
    assert basis.citation == "Law No. 350-Z, Art. 22 p.1"
    assert basis.cite("ru") == "Закон № 350-З, п. 1 ст. 22"
    assert "expulsion" in basis.title("en")
    assert basis.part_of == "law_350z"
    assert belarus.legal_basis("cc_181_p2_1").citation == "Criminal Code, Art. 181 part 2 p.1"
    assert belarus.legal_basis("com_reg_427").citation.endswith("No. 427 of 08.05.2012")
    for key in ("aoc_9_23", "aoc_23_65", "aoc_12_15", "aoc_22_16_p3", "aoc_12_7_p5", "cpc_ch48"):
        assert belarus.legal_basis(key).citation


def test_deadlines_carry_their_legal_basis(belarus: JurisdictionPack) -> None:
    report = belarus.deadline("tourist_non_return_report")
    assert report.working_days == 5
    assert report.legal_basis.citation == "Law No. 350-Z, Art. 15 p.3"
    assert not report.legal_basis.is_pack_rule
    # The seeds set no term for these two: the pack does, and says so.
    assert belarus.deadline("status_decision").working_days == 10
    assert belarus.deadline("status_decision").legal_basis.is_pack_rule
    assert belarus.deadline("referral_response").working_days == 3
    assert belarus.deadline("referral_response").legal_basis.is_pack_rule


def test_tourist_report_after_a_return_on_2_january_is_due_after_christmas(
    belarus: JurisdictionPack,
) -> None:
    # Returned Fri 2 Jan 2026: Mon 5, Tue 6, (Wed 7 Orthodox Christmas), Thu 8, Fri 9, Mon 12.
    assert belarus.due_date("tourist_non_return_report", date(2026, 1, 2)) == date(2026, 1, 12)


def test_unknown_catalogue_code_is_none_but_unknown_rule_is_an_error(
    belarus: JurisdictionPack,
) -> None:
    assert belarus.region("BY-XX") is None
    assert belarus.agency("no_such_agency") is None
    with pytest.raises(KeyError):
        belarus.legal_basis("no_such_rule")
    assert not belarus.has_deadline("no_such_deadline")


def test_names_fall_back_to_english(belarus: JurisdictionPack) -> None:
    assert belarus.name("de") == "Republic of Belarus"
    assert belarus.name("ru-RU") == "Республика Беларусь"


def test_person_reference_uses_the_pack_prefix(belarus: JurisdictionPack) -> None:
    assert belarus.person_reference(2026, 123) == "BY-2026-000123"
