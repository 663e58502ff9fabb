"""The pack's ``disclosure`` and ``statistics`` sections: read, validated, optional."""

from __future__ import annotations

from pathlib import Path

import pytest

from palermo.jurisdictions.pack import PackError, get_pack, load_pack
from tests.jurisdictions.test_broken_packs import GOOD, write_pack

SECTIONS = """\
disclosure:
  k: 5
  allow_true_zero: false
  legal_basis: act_s1
  source: {en: Cells below 5 are hidden.}
statistics:
  sectors:
    - code: government
      name: {en: Government}
      agency_kinds: [police]
"""


def test_belarus_publishes_with_k_11_under_the_rapporteur_article() -> None:
    rule = get_pack().disclosure
    assert rule is not None and rule.k == 11 and rule.min_interval_width == 11
    assert rule.allow_true_zero and rule.legal_basis is not None
    assert rule.legal_basis.key == "law_350z_art26"
    sectors = get_pack().statistics
    assert sectors is not None
    assert sectors.sector_of_kind("ngo").code == "ngo"  # type: ignore[union-attr]
    assert sectors.sector_of_kind("ct_unit").code == "government"  # type: ignore[union-attr]


def test_sections_are_read_and_optional(tmp_path: Path) -> None:
    assert load_pack(write_pack(tmp_path / "broken", pack=GOOD)).disclosure is None
    pack = load_pack(write_pack(tmp_path / "other" / "broken", pack=GOOD, statistics=SECTIONS))
    assert pack.disclosure is not None and pack.disclosure.k == 5
    assert pack.disclosure.min_interval_width == 5  # defaults to k
    assert pack.statistics is not None and pack.statistics.sectors[0].code == "government"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("k: 5", "k: five"), "disclosure.k must be a whole number"),
        (("k: 5", "k: 0"), "disclosure.k 0 must be between 1 and 1000"),
        (("allow_true_zero: false", "allow_true_zero: 'no'"), "must be true or false"),
        (("legal_basis: act_s1", "legal_basis: act_s9"), "'act_s9' is not a legal basis"),
        (("[police]", "[polis]"), "'polis' is not an agency kind"),
        (("  k: 5\n", "  k: 5\n  epsilon: 1\n"), "has unknown key 'epsilon'"),
    ],
)
def test_bad_sections_are_refused_naming_the_key(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    folder = write_pack(tmp_path / "broken", pack=GOOD, statistics=SECTIONS.replace(*change))
    with pytest.raises(PackError) as error:
        load_pack(folder)
    problems = [p.message for p in error.value.problems]
    assert any(message in p for p in problems), problems
