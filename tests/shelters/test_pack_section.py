"""The pack's ``shelters`` section: the Belarus rules load; a broken section is refused with
every problem named by file, key path and line; a pack without the section admits no one."""

from __future__ import annotations

from pathlib import Path

import pytest

from palermo.jurisdictions.pack import PackError, get_pack, load_pack
from tests.jurisdictions.test_broken_packs import GOOD, write_pack

SHELTERS = """\
shelters:
  operator_agency_kinds: [police]
  legal_basis: act_s1
  confidentiality_basis: act_s1
  place_kinds:
    - code: adults
      name: {en: Adults}
      when: {minor: false}
  groups:
    - code: minors
      name: {en: Minors}
      when: {minor: true}
  rules:
    - code: no_minors_alone
      when: {minor: true, guardian_permission: false}
      outcome: refuse
      legal_bases: [act_s1]
      message: {en: Not without a guardian.}
"""


def problems(tmp_path: Path, shelters: str) -> list[str]:
    with pytest.raises(PackError) as error:
        load_pack(write_pack(tmp_path / "broken", pack=GOOD, shelters=shelters))
    return [problem.message for problem in error.value.problems]


def test_the_belarus_pack_has_a_rule_for_every_point_of_seed_34():
    rules = get_pack().shelters
    assert rules is not None
    assert rules.basis.citation == "Law No. 350-Z, Art. 21"
    assert rules.confidentiality_basis.key == "unct_p34_confidentiality"
    cited = {b.key for rule in rules.rules for b in rule.legal_bases}
    assert cited | {"unct_p34_confidentiality"} == {
        "unct_p34_confidentiality",
        "unct_p34_socially_dangerous",
        "unct_p34_non_residents",
        "unct_p34_women_children",
        "unct_p34_communicable",
        "unct_p34_male",
        "unct_p34_foreign",
        "unct_p34_minors",
    }
    assert {k.code for k in rules.place_kinds} >= {
        "women",
        "men",
        "women_with_children",
        "pregnant_women",
        "minors",
    }
    assert rules.may_operate("shelter_operator") and not rules.may_operate("ct_unit")
    for rule in rules.rules:
        assert rule.message("ru") != rule.message("en") and rule.message("be")


def test_a_good_section_loads(tmp_path: Path):
    pack = load_pack(write_pack(tmp_path / "broken", pack=GOOD, shelters=SHELTERS))
    assert pack.shelters is not None
    rule = pack.shelters.rule("no_minors_alone")
    assert rule is not None and rule.refuses
    assert rule.condition.matches({"minor": True, "guardian_permission": False})
    assert not rule.condition.matches({"minor": True, "guardian_permission": True})


def test_every_problem_of_a_section_is_reported_with_its_place(tmp_path: Path):
    broken = (
        SHELTERS.replace("[police]", "[shelters]")
        .replace("legal_basis: act_s1", "legal_basis: act_s9")
        .replace("{minor: false}", "{minor: 'no', colour: red}")
        .replace("outcome: refuse", "outcome: maybe")
        .replace("legal_bases: [act_s1]", "legal_bases: []")
    )
    found = problems(tmp_path, broken)
    expected = [
        "shelters.yaml: shelters.operator_agency_kinds[0] 'shelters' is not an agency kind of this pack (line 2)",
        "shelters.yaml: shelters.legal_basis 'act_s9' is not a legal basis of this pack (line 3)",
        "shelters.yaml: shelters.place_kinds[0].when has unknown key 'colour' (line 8)",
        "shelters.yaml: shelters.place_kinds[0].when.minor 'no' is not a value of this fact (true, false) (line 8)",
        "shelters.yaml: shelters.rules[0].outcome 'maybe' is not an outcome (admit, refuse) (line 16)",
        "shelters.yaml: shelters.rules[0].legal_bases must not be empty (line 17)",
    ]
    for line in expected:
        assert line in found, found


def test_a_rule_must_test_some_fact(tmp_path: Path):
    found = problems(
        tmp_path, SHELTERS.replace("when: {minor: true, guardian_permission: false}", "when: {}")
    )
    assert any(
        "shelters.rules[0].when must name at least one fact (line 15)" in p for p in found
    ), found


def test_without_the_section_admissions_cannot_be_decided(tmp_path: Path, settings):
    from django.core.exceptions import ValidationError

    from palermo.shelters.rules import require_rules

    write_pack(tmp_path / "nosh", pack=GOOD.replace("code: broken", "code: nosh"))
    settings.PALERMO_JURISDICTION_DIRS = [str(tmp_path)]
    settings.PALERMO_JURISDICTION = "nosh"
    assert get_pack().shelters is None
    with pytest.raises(ValidationError, match="no shelter rules"):
        require_rules()
