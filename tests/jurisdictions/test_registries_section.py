"""The pack's ``registries`` section: the registries' rules as data, every mistake reported with
its file, key path and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from palermo.jurisdictions.pack import SHIPPED_PACKS, PackError, load_pack
from palermo.jurisdictions.sections_registries import ADVERT_PARTIES, ORGANISATION_STEPS
from palermo.registries.rules import rules
from palermo.registries.vocab import AdvertParty, OrganisationStepKind

TEST_PACKS = Path(__file__).resolve().parent / "packs"

PACK = """\
code: regtest
country: TL
reference_prefix: TL
name: {en: Testland}
regions:
  - code: TL-N
    name: {en: North}
agency_kinds:
  - code: police
    name: {en: Police}
  - code: registry
    name: {en: Registry}
  - code: schools
    name: {en: Education authority}
agencies:
  - code: police_north
    name: {en: Northern police}
    kind: police
    region: TL-N
legal_bases:
  act_s1:
    kind: statute
    citation: {en: Act s. 1}
    title: {en: Licences}
  act_s2:
    kind: statute
    citation: {en: Act s. 2}
    title: {en: Organisations}
deadlines:
  status_decision:
    working_days: 10
    legal_basis: act_s1
    name: {en: Status decision}
  referral_response:
    working_days: 3
    legal_basis: act_s1
    name: {en: Referral answer}
  tourist_report:
    working_days: 7
    legal_basis: act_s1
    name: {en: Tourist report}
calendar:
  weekend: [saturday, sunday]
"""

REGISTRIES = """\
registries:
  taxpayer_number:
    pattern: 'TX[0-9]{6}'
    example: 'TX123456'
  legal_bases:
    licence: act_s1
    publication: act_s1
    advert: act_s1
    student: act_s1
  tourist_report_deadline: tourist_report
  organisation_steps:
    suspended: act_s2
    court_requested: act_s2
    recognised: act_s2
    rejected: act_s2
    listed: act_s1
    liquidated: act_s2
    office_ban: act_s2
  advert_parties:
    interior: [police, registry]
    education: [schools]
"""


def write_pack(folder: Path, registries: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(PACK, encoding="utf-8")
    (folder / "registries.yaml").write_text(registries, encoding="utf-8")
    return folder


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(PackError) as error:
        load_pack(folder)
    return [problem.message for problem in error.value.problems]


def test_a_good_section_gives_the_rules(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path / "regtest", REGISTRIES))
    found = pack.registries
    assert found is not None
    assert found.taxpayer_number_ok("TX654321")
    assert not found.taxpayer_number_ok("654321")
    assert not found.taxpayer_number_ok("TX6543210")  # the whole number must match
    assert "TX123456" in found.taxpayer_number_error()
    assert (found.licence_basis, found.publication_basis) == ("act_s1", "act_s1")
    assert found.tourist_deadline == "tourist_report"
    assert found.organisation_step_bases["listed"] == "act_s1"
    assert found.organisation_step_bases["office_ban"] == "act_s2"
    assert found.advert_parties == {
        "interior": frozenset({"police", "registry"}),
        "education": frozenset({"schools"}),
    }


def test_a_pack_without_the_section_has_no_registry_rules(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path / "regtest", ""))
    assert pack.registries is None


def test_belarus_states_the_rules_of_law_350z() -> None:
    found = load_pack(SHIPPED_PACKS / "belarus").registries
    assert found is not None
    assert found.taxpayer_number_ok("190123456")
    assert not found.taxpayer_number_ok("19012345")
    assert not found.taxpayer_number_ok("١٩٠١٢٣٤٥٦")  # digits of another script are not a UNP
    assert found.licence_basis == "law_350z_art14"
    assert found.publication_basis == "law_350z_art16_p3"
    assert found.advert_basis == "law_350z_art16_p5"
    assert found.student_basis == "law_350z_art17"
    assert found.tourist_deadline == "tourist_non_return_report"
    assert found.organisation_step_bases["suspended"] == "law_350z_art29"
    assert found.organisation_step_bases["listed"] == "com_reg_427"
    assert found.organisation_step_bases["office_ban"] == "law_350z_art30"
    assert found.advert_parties["interior"] == {"registry", "interior_ministry"}
    assert found.advert_parties["education"] == {"education"}


def test_the_section_knows_every_step_and_party_of_the_registries() -> None:
    # The reader cannot import the registries app; this keeps its lists and the app's in step.
    assert set(ORGANISATION_STEPS) == set(OrganisationStepKind.values)
    assert set(ADVERT_PARTIES) == set(AdvertParty.values)


def test_the_registries_read_the_configured_pack(settings: Settings, tmp_path: Path) -> None:
    write_pack(tmp_path / "regtest", REGISTRIES)
    settings.PALERMO_JURISDICTION = "regtest"
    settings.PALERMO_JURISDICTION_DIRS = [str(tmp_path)]
    assert rules().taxpayer_number_example == "TX123456"


def test_the_registries_refuse_a_pack_without_the_section(settings: Settings) -> None:
    settings.PALERMO_JURISDICTION = "testland"
    settings.PALERMO_JURISDICTION_DIRS = [str(TEST_PACKS)]
    with pytest.raises(LookupError, match="'testland' has no 'registries' section"):
        rules()


P = "registries.yaml: registries"
BAD = [
    # (replace, with, expected message without the line, the line's fragment if not "with")
    ("  advert_parties:\n", "  colour: red\n  advert_parties:\n",
     f"{P} has unknown key 'colour'", "colour"),
    ("  tourist_report_deadline: tourist_report\n", "",
     f"{P} is missing required key 'tourist_report_deadline'", "registries:"),
    ("'TX[0-9]{6}'", "'TX[0-9'", f"{P}.taxpayer_number.pattern 'TX[0-9' is not a regular "
     "expression: unterminated character set at position 2", None),
    ("'TX[0-9]{6}'", "'[0-9]*'",
     f"{P}.taxpayer_number.pattern '[0-9]*' matches an empty text: it must require some "
     "characters", None),
    ("'TX123456'", "'TX12345'",
     f"{P}.taxpayer_number.example 'TX12345' does not match the pattern 'TX[0-9]{{6}}'", None),
    ("    example: 'TX123456'\n", "",
     f"{P}.taxpayer_number is missing required key 'example'", "taxpayer_number:"),
    ("licence: act_s1", "licence: act_s9",
     f"{P}.legal_bases.licence 'act_s9' is not a legal basis of this pack", None),
    ("    student: act_s1\n", "",
     f"{P}.legal_bases is missing required key 'student'", "legal_bases:"),
    ("    student: act_s1\n", "    student: act_s1\n    studnet: act_s1\n",
     f"{P}.legal_bases has unknown key 'studnet'", "studnet"),
    ("tourist_report_deadline: tourist_report", "tourist_report_deadline: tourist_return",
     f"{P}.tourist_report_deadline 'tourist_return' is not a deadline of this pack", None),
    ("listed: act_s1", "listed: [act_s1]",
     f"{P}.organisation_steps.listed must be a text, not a list", None),
    ("    office_ban: act_s2\n", "",
     f"{P}.organisation_steps is missing required key 'office_ban'", "organisation_steps:"),
    ("    office_ban: act_s2\n", "    office_ban: act_s2\n    closed: act_s2\n",
     f"{P}.organisation_steps has unknown key 'closed'", "closed"),
    ("interior: [police, registry]", "interior: [police, registy]",
     f"{P}.advert_parties.interior[1] 'registy' is not an agency kind of this pack",
     "interior:"),
    ("education: [schools]", "education: [schools, police]",
     f"{P}.advert_parties.education[1] 'police' already decides for 'interior'", "education:"),
    ("education: [schools]", "education: []",
     f"{P}.advert_parties.education must not be empty", None),
    ("    education: [schools]\n", "    education: [schools]\n    health: [schools]\n",
     f"{P}.advert_parties has unknown key 'health'", "health"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "expected", "fragment"), BAD)
def test_each_mistake_is_reported_with_its_key_path_and_line(
    tmp_path: Path, old: str, new: str, expected: str, fragment: str | None
) -> None:
    assert old in REGISTRIES
    text = REGISTRIES.replace(old, new)
    problems = problems_of(write_pack(tmp_path / "regtest", text))
    line = line_of(text, fragment or new)
    assert problems == [f"{expected} (line {line})"]


def test_the_section_must_be_a_mapping(tmp_path: Path) -> None:
    problems = problems_of(write_pack(tmp_path / "regtest", "# rules\nregistries: [a, b]\n"))
    assert problems == [f"{P} must be a mapping, not a list (line 2)"]


def test_every_mistake_of_the_section_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        REGISTRIES.replace("'TX123456'", "'123456'")
        .replace("licence: act_s1", "licence: act_s9")
        .replace("listed: act_s1", "listed: act_s8")
        .replace("education: [schools]", "education: [school]")
    )
    problems = problems_of(write_pack(tmp_path / "regtest", text))
    assert [p.split(" (line ")[0] for p in problems] == [
        f"{P}.taxpayer_number.example '123456' does not match the pattern 'TX[0-9]{{6}}'",
        f"{P}.legal_bases.licence 'act_s9' is not a legal basis of this pack",
        f"{P}.organisation_steps.listed 'act_s8' is not a legal basis of this pack",
        f"{P}.advert_parties.education[0] 'school' is not an agency kind of this pack",
    ]
