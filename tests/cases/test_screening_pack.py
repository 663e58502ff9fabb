"""The screening and status-decision sections of a jurisdiction pack: loaded, checked, applied.

The rule engine knows no country: Belarus's action-exploitation-means tree and Testland's simple
count rule run through the same code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from palermo.jurisdictions.pack import SHIPPED_PACKS, JurisdictionPack, PackError, load_pack

TEST_PACKS = Path(__file__).resolve().parent.parent / "jurisdictions" / "packs"


@pytest.fixture(scope="module")
def belarus() -> JurisdictionPack:
    return load_pack(SHIPPED_PACKS / "belarus")


@pytest.fixture(scope="module")
def testland() -> JurisdictionPack:
    return load_pack(TEST_PACKS / "testland")


# --- Belarus: the ILO and ILO–EC indicators --------------------------------------------------


def test_belarus_has_the_ilo_forced_labour_indicators_and_the_six_ilo_ec_dimensions(belarus):
    scheme = belarus.screening
    assert scheme is not None
    assert [g.code for g in scheme.groups] == [
        "ilo_forced_labour",
        "deceptive_recruitment",
        "coercive_recruitment",
        "recruitment_abuse_of_vulnerability",
        "exploitative_conditions",
        "coercion_at_destination",
        "abuse_of_vulnerability_at_destination",
        "child_specific",
    ]
    forced_labour = scheme.group("ilo_forced_labour")
    assert forced_labour is not None and len(forced_labour.indicators) == 11
    assert forced_labour.source is not None
    assert "Indicators of forced labour" in forced_labour.source.citation
    for group in scheme.groups[1:7]:
        assert group.source is not None and "Operational indicators" in group.source.citation
    nature = scheme.indicator("dr_nature_of_job")
    assert nature is not None
    assert nature.name("en") == "Deceived about the nature of the job, the location or the employer"
    assert nature.name("ru").startswith("Обман относительно характера работы")
    assert nature.strength("adult") == nature.strength("child") == "strong"


def test_belarus_classes_some_indicators_differently_for_children(belarus):
    scheme = belarus.screening
    hazardous = scheme.indicator("ec_hazardous_work")
    assert (hazardous.strength("adult"), hazardous.strength("child")) == ("medium", "strong")
    parental = scheme.indicator("rv_lack_of_parental_care")
    assert not parental.applies_to("adult") and parental.strength("child") == "medium"


def test_adult_needs_action_exploitation_and_means(belarus):
    scheme = belarus.screening
    action_and_exploitation = ["dr_nature_of_job", "ec_excessive_hours"]
    no = scheme.evaluate("adult", action_and_exploitation)
    assert not no.presumed_victim
    assert no.decisive_indicators == ()
    assert {c.criterion.key: c.met for c in no.criteria} == {
        "action": True,
        "exploitation": True,
        "means": False,
    }
    yes = scheme.evaluate("adult", [*action_and_exploitation, "cd_confiscation_of_documents"])
    assert yes.presumed_victim
    assert [i.code for i in yes.decisive_indicators] == [
        "dr_nature_of_job",
        "ec_excessive_hours",
        "cd_confiscation_of_documents",
    ]
    assert yes.rule.legal_basis.citation == "Belarus pack, screening rule 1 (adults)"


def test_a_child_needs_no_means(belarus):
    outcome = belarus.screening.evaluate("child", ["dr_nature_of_job", "ec_excessive_hours"])
    assert outcome.presumed_victim
    assert outcome.rule.legal_basis.citation == "Belarus pack, screening rule 2 (children)"


def test_weak_indicators_alone_lead_nowhere(belarus):
    weak = ["dr_education", "rv_general_context", "cd_threat_to_inform", "ec_no_access_to_education",
            "vd_personal_characteristics"]  # fmt: skip
    outcome = belarus.screening.evaluate("adult", weak)
    assert not outcome.presumed_victim
    assert not any(c.met for c in outcome.criteria)
    # For a child, "deceived about education" is medium: recruitment is shown, exploitation too.
    child = belarus.screening.evaluate("child", ["dr_education", "ec_no_access_to_education"])
    assert child.presumed_victim


def test_the_forced_labour_indicators_count_as_means(belarus):
    outcome = belarus.screening.evaluate(
        "adult", ["dr_wages", "ec_low_or_no_pay", "fl_retention_of_documents"]
    )
    assert outcome.presumed_victim
    assert "fl_retention_of_documents" in [i.code for i in outcome.decisive_indicators]


def test_child_only_indicators_count_for_nothing_for_an_adult(belarus):
    scheme = belarus.screening
    assert scheme.unknown_codes(["rv_lack_of_parental_care", "nonsense"], "adult") == [
        "rv_lack_of_parental_care",
        "nonsense",
    ]
    assert scheme.unknown_codes(["rv_lack_of_parental_care"], "child") == []


def test_belarus_lets_ct_units_investigators_and_prosecutors_decide(belarus):
    rules = belarus.status_decisions
    assert rules is not None
    assert {k.code for k in rules.competent_kinds} == {
        "ct_unit",
        "investigative_committee",
        "prosecutor",
    }
    assert not rules.is_competent("ngo")
    assert rules.competence_basis.citation == "Law No. 350-Z, Art. 8"
    assert rules.bases_for("actual")[0].key == "law_350z_art1"
    assert [b.key for b in rules.bases_for("not_a_victim")] == ["law_350z_art1"]


# --- Testland: a simple count rule through the same engine -----------------------------------


def test_testland_one_strong_or_two_medium(testland):
    scheme = testland.screening
    assert scheme.evaluate("adult", ["locked_in"]).presumed_victim
    assert scheme.evaluate("adult", ["no_passport", "unpaid"]).presumed_victim
    assert not scheme.evaluate("adult", ["no_passport", "long_hours"]).presumed_victim
    # "Kept out of school" is a medium sign for children only.
    assert not scheme.evaluate("adult", ["no_passport", "out_of_school"]).presumed_victim
    outcome = scheme.evaluate("child", ["no_passport", "out_of_school"])
    assert outcome.presumed_victim
    assert {i.code for i in outcome.decisive_indicators} == {"no_passport", "out_of_school"}
    assert outcome.rule.legal_basis.citation == "Victims Act 2020, s. 3"
    assert [k.code for k in testland.status_decisions.competent_kinds] == ["police"]


# --- broken sections are refused with every problem named ------------------------------------

BASE = (TEST_PACKS / "testland" / "pack.yaml").read_text(encoding="utf-8")


def problems(tmp_path: Path, text: str) -> list[str]:
    folder = tmp_path / "testland"
    folder.mkdir()
    (folder / "pack.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PackError) as error:
        load_pack(folder)
    return [p.message for p in error.value.problems]


def test_a_pack_without_the_sections_still_loads(tmp_path):
    start = BASE.index("# Any police officer decides")
    folder = tmp_path / "testland"
    folder.mkdir()
    (folder / "pack.yaml").write_text(BASE[:start], encoding="utf-8")
    pack = load_pack(folder)
    assert pack.screening is None and pack.status_decisions is None


def test_unknown_references_and_strengths_are_reported(tmp_path):
    text = (
        BASE.replace("strength: strong, name: {en: Locked in}", "strength: huge, name: {en: Locked in}")
        .replace("count: {strengths: [medium], at_least: 2}", "count: {groups: [nowhere], at_least: 0}")
        .replace("any: [one_strong, two_medium]", "any: [one_strong, three_weak]")
        .replace("child: {criterion: enough_signs, legal_basis: victims_act_s3}",
                 "child: {criterion: enough_signs, legal_basis: act_of_god}")
        .replace("competent_agency_kinds: [police]", "competent_agency_kinds: [wizards]")
    )  # fmt: skip
    found = "\n".join(problems(tmp_path, text))
    assert "'huge' is not a strength" in found
    assert "'nowhere' is not an indicator group of this pack" in found
    assert "0 must be between 1 and 1000" in found
    assert "'three_weak' is not a criterion of this section" in found
    assert "'act_of_god' is not a legal basis of this pack" in found
    assert "'wizards' is not an agency kind of this pack" in found
    assert "screening.criteria.two_medium.count.groups[0]" in found


def test_duplicate_indicator_codes_and_cycles_are_reported(tmp_path):
    text = BASE.replace("code: unpaid,", "code: no_passport,").replace(
        "any: [one_strong, two_medium]", "any: [one_strong, enough_signs]"
    )
    found = "\n".join(problems(tmp_path, text))
    assert "duplicate code 'no_passport'" in found
    assert "makes a cycle of criteria: enough_signs → enough_signs" in found


def test_both_age_groups_need_a_rule_and_both_outcomes_a_basis(tmp_path):
    text = BASE.replace(
        "    child: {criterion: enough_signs, legal_basis: victims_act_s3}\n", ""
    ).replace("    not_a_victim: [victims_act_s4, victims_act_s3]\n", "")
    found = "\n".join(problems(tmp_path, text))
    assert "screening.rules is missing required key 'child'" in found
    assert "status_decisions.legal_bases is missing required key 'not_a_victim'" in found
