"""The pack's ctdc_export section: read and checked like every other section."""

from __future__ import annotations

from pathlib import Path

import pytest

from palermo.jurisdictions.pack import PackError, get_pack, load_pack
from tests.jurisdictions.test_broken_packs import GOOD, write_pack

SECTION = """\
ctdc_export:
  k: 11
  missing_code: -99
  legal_basis: act_s1
  source: {en: CTDC}
"""


def test_belarus_applies_ctdcs_rule() -> None:
    rules = get_pack().ctdc_export
    assert rules is not None
    assert (rules.k, rules.missing_code) == (11, -99)
    assert rules.legal_basis is not None
    assert rules.legal_basis.citation == "Law No. 350-Z, Art. 26"
    assert "k = 11" in rules.source_text("ru")


def test_a_pack_without_the_section_loads(tmp_path: Path) -> None:
    assert load_pack(write_pack(tmp_path / "broken", pack=GOOD)).ctdc_export is None


def test_the_section_is_read(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path / "broken", pack=GOOD, ctdc=SECTION))
    assert pack.ctdc_export is not None and pack.ctdc_export.k == 11


def test_every_mistake_is_named(tmp_path: Path) -> None:
    broken = (
        SECTION.replace("k: 11", "k: 1")
        .replace("missing_code: -99", "missing_code: 99")
        .replace("legal_basis: act_s1", "legal_basis: act_s9")
        .replace("source: {en: CTDC}", "source: {fr: CTDC}")
    )
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(tmp_path / "broken", pack=GOOD, ctdc=broken))
    text = str(caught.value)
    assert "ctdc_export.k 1 must be between 2 and 1000" in text
    assert "ctdc_export.missing_code 99 must be between -9999 and -1" in text
    assert "ctdc_export.legal_basis 'act_s9' is not a legal basis of this pack" in text
    assert "ctdc_export.source needs an English ('en') value" in text
