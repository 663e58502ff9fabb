"""A second, invented country loads through the same code: nothing about Belarus is built in."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from palermo.jurisdictions import calendar as working_days
from palermo.jurisdictions.pack import (
    SHIPPED_PACKS,
    JurisdictionPack,
    PackError,
    clear_pack_cache,
    get_pack,
    load_pack,
)

TEST_PACKS = Path(__file__).resolve().parent / "packs"


@pytest.fixture(scope="module")
def testland() -> JurisdictionPack:
    return load_pack(TEST_PACKS / "testland")


def test_testland_loads_with_its_own_regions_agencies_and_rules(testland: JurisdictionPack) -> None:
    assert testland.country == "TL"
    assert [r.code for r in testland.regions] == ["TL-N", "TL-S"]
    charity = testland.agency("south_charity")
    assert charity is not None and charity.region is not None
    assert charity.region.name() == "Southern Province"
    assert charity.short_name() == "SHH"
    assert testland.deadline("status_decision").legal_basis.citation == "Victims Act 2020, s. 4"
    assert not testland.has_deadline("tourist_non_return_report")
    assert testland.person_reference(2026, 7) == "TST-2026-000007"


def test_testland_works_friday_to_saturday_weekend_differently(testland: JurisdictionPack) -> None:
    belarus = load_pack(SHIPPED_PACKS / "belarus")
    thursday = date(2026, 3, 5)
    # Testland rests on Friday and Saturday, Belarus on Saturday and Sunday.
    assert testland.calendar.add_working_days(thursday, 1) == date(2026, 3, 8)  # Sunday
    assert belarus.calendar.add_working_days(thursday, 1) == date(2026, 3, 6)  # Friday
    # 7 January is a holiday in Belarus only; Founders' Day (15 March) in Testland only.
    assert testland.calendar.is_working_day(date(2026, 1, 7))
    assert not testland.calendar.is_working_day(date(2026, 3, 15))
    assert belarus.calendar.is_working_day(date(2027, 3, 15))
    # Western Easter Monday, not Radunitsa.
    assert testland.calendar.holidays(2026) == {
        date(2026, 3, 15): "Founders' Day",
        date(2026, 4, 6): "Easter Monday",
    }


def test_the_configured_pack_is_found_in_the_extra_folders(settings: Settings) -> None:
    settings.PALERMO_JURISDICTION = "testland"
    settings.PALERMO_JURISDICTION_DIRS = [str(TEST_PACKS)]
    assert get_pack().code == "testland"
    assert get_pack() is get_pack()  # cached
    # The module-level helpers follow the configured jurisdiction.
    assert working_days.add_working_days(date(2026, 3, 5), 1) == date(2026, 3, 8)
    assert working_days.is_working_day(date(2026, 3, 8))


def test_belarus_is_the_default(settings: Settings) -> None:
    del settings.PALERMO_JURISDICTION
    assert get_pack().code == "belarus"
    assert working_days.add_working_days(date(2026, 3, 5), 1) == date(2026, 3, 6)


def test_a_site_folder_overrides_the_shipped_pack(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "belarus"
    shutil.copytree(SHIPPED_PACKS / "belarus", site)
    main = site / "pack.yaml"
    main.write_text(
        main.read_text(encoding="utf-8").replace("reference_prefix: BY", "reference_prefix: BYS"),
        encoding="utf-8",
    )
    settings.PALERMO_JURISDICTION = "belarus"
    settings.PALERMO_JURISDICTION_DIRS = [str(tmp_path)]
    assert get_pack().reference_prefix == "BYS"


def test_an_unknown_pack_names_where_it_was_looked_for(settings: Settings) -> None:
    settings.PALERMO_JURISDICTION = "atlantis"
    settings.PALERMO_JURISDICTION_DIRS = [str(TEST_PACKS)]
    with pytest.raises(PackError) as error:
        get_pack()
    assert "atlantis: is not a pack in any of:" in str(error.value)
    assert str(TEST_PACKS) in str(error.value)


def test_clear_pack_cache_rereads_an_edited_pack(settings: Settings, tmp_path: Path) -> None:
    shutil.copytree(TEST_PACKS / "testland", tmp_path / "testland")
    settings.PALERMO_JURISDICTION = "testland"
    settings.PALERMO_JURISDICTION_DIRS = [str(tmp_path)]
    assert get_pack().reference_prefix == "TST"
    main = tmp_path / "testland" / "pack.yaml"
    main.write_text(
        main.read_text(encoding="utf-8").replace("reference_prefix: TST", "reference_prefix: TL2"),
        encoding="utf-8",
    )
    assert get_pack().reference_prefix == "TST"
    clear_pack_cache()
    assert get_pack().reference_prefix == "TL2"
