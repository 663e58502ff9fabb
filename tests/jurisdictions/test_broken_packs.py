"""A broken pack is refused with every problem listed, each with its file and key path."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from pytest_django.fixtures import Settings

from palermo.jurisdictions.checks import check_jurisdiction_pack
from palermo.jurisdictions.pack import PackError, load_pack

GOOD = """\
code: broken
country: TL
reference_prefix: TL
name: {en: Testland}
languages: [en, fr]
regions:
  - code: TL-N
    name: {en: North, fr: Nord}
  - code: TL-S
    name: {en: South}
agency_kinds:
  - code: police
    name: {en: Police}
agencies:
  - code: police_north
    name: {en: Northern police}
    kind: police
    region: TL-N
legal_bases:
  act_s1:
    kind: statute
    citation: {en: Act s. 1}
    title: {en: Identification}
deadlines:
  status_decision:
    working_days: 10
    legal_basis: act_s1
    name: {en: Status decision}
  referral_response:
    working_days: 3
    legal_basis: act_s1
    name: {en: Referral answer}
calendar:
  weekend: [saturday, sunday]
"""


def write_pack(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(PackError) as error:
        load_pack(folder)
    return [problem.message for problem in error.value.problems]


def test_the_good_pack_loads(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path / "broken", pack=GOOD))
    assert pack.region("TL-N") is not None


def test_every_problem_is_reported_with_file_and_key_path(tmp_path: Path) -> None:
    text = (
        GOOD.replace("region: TL-N", "region: TL-X")  # unknown region
        .replace("name: {en: South}", "name: {fr: Sud}")  # no English
        .replace("code: TL-S", "code: TL-N")  # duplicate code
        .replace(
            "legal_basis: act_s1\n    name: {en: Referral",
            "legal_basis: act_s9\n    name: {en: Referral",
        )  # unknown legal basis
        .replace("working_days: 10", "working_days: ten")
        .replace("weekend: [saturday, sunday]", "weekend: [saturday, sundae]")
    )
    problems = problems_of(write_pack(tmp_path / "broken", pack=text))
    expected = [
        "pack.yaml: regions[1].code duplicate code 'TL-N' (first used at regions[0].code)",
        "pack.yaml: regions[1].name needs an English ('en') value",
        "pack.yaml: agencies[0].region 'TL-X' is not a region of this pack",
        "pack.yaml: deadlines.status_decision.working_days must be a whole number, not a text",
        "pack.yaml: deadlines.referral_response.legal_basis 'act_s9' is not a legal basis of "
        "this pack",
        "pack.yaml: calendar.weekend[1] 'sundae' is not a weekday",
    ]
    for message in expected:
        assert any(problem.startswith(message) for problem in problems), (message, problems)
    assert len(problems) == len(expected)


def test_problems_name_the_line(tmp_path: Path) -> None:
    text = GOOD.replace("region: TL-N", "region: TL-X")
    problems = problems_of(write_pack(tmp_path / "broken", pack=text))
    line = line_of(text, "region: TL-X")
    assert problems == [
        f"pack.yaml: agencies[0].region 'TL-X' is not a region of this pack (line {line})"
    ]


def test_bad_yaml_names_the_file_and_line_and_other_files_are_still_checked(
    tmp_path: Path,
) -> None:
    main, _, rest = GOOD.partition("agency_kinds:\n")
    folder = write_pack(
        tmp_path / "broken",
        pack=main.replace("country: TL", "country: Testland"),
        agencies="agency_kinds:\n  - code: police\n    name: {en: Police\n",
        rules="agency_kinds_unused: 1\nlegal_bases:\n" + rest.partition("legal_bases:\n")[2],
    )
    problems = problems_of(folder)
    assert any(p.startswith("agencies.yaml: is not valid YAML:") for p in problems), problems
    assert any(p.startswith("pack.yaml: country 'Testland' has the wrong form") for p in problems)
    assert any(
        p.startswith("rules.yaml: has an unknown section 'agency_kinds_unused'") for p in problems
    ), problems
    # With a file unreadable, a section "missing" may be in it: no such follow-on complaint.
    assert not any("is missing the section" in p for p in problems), problems


def test_sections_may_be_split_over_files_but_not_repeated(tmp_path: Path) -> None:
    main, _, rest = GOOD.partition("legal_bases:\n")
    folder = write_pack(tmp_path / "broken", pack=main, rules="legal_bases:\n" + rest)
    assert load_pack(folder).legal_basis("act_s1").citation == "Act s. 1"
    (folder / "again.yaml").write_text("code: other\n", encoding="utf-8")
    assert problems_of(folder) == [
        "again.yaml: defines the section 'code' again (first in pack.yaml) (line 1)"
    ]


def test_typos_in_keys_and_repeated_keys_are_reported(tmp_path: Path) -> None:
    text = GOOD.replace("region: TL-N", "regoin: TL-N").replace(
        "deadlines:\n", "deadlines:\n  referral_response: {}\n"
    )
    problems = problems_of(write_pack(tmp_path / "broken", pack=text))
    line = line_of(text, "regoin")
    assert f"pack.yaml: agencies[0] has unknown key 'regoin' (line {line})" in problems
    assert any(p.startswith("pack.yaml: repeats the key 'referral_response'") for p in problems)


def test_missing_sections_and_a_wrong_folder_name(tmp_path: Path) -> None:
    text = GOOD.partition("calendar:\n")[0]
    problems = problems_of(write_pack(tmp_path / "elsewhere", pack=text))
    assert "pack.yaml: is missing the section 'calendar'" in problems
    assert any(
        p.startswith("pack.yaml: code 'broken' must equal the pack's folder name 'elsewhere'")
        for p in problems
    ), problems


def test_a_comma_in_a_flow_mapping_gets_a_hint(tmp_path: Path) -> None:
    text = GOOD.replace("citation: {en: Act s. 1}", "citation: {en: Act 2020, s. 1}")
    problems = problems_of(write_pack(tmp_path / "broken", pack=text))
    assert problems[0].startswith(
        "pack.yaml: legal_bases.act_s1.citation has a key 's. 1' with no value: quote a text"
    )


def test_calendar_overrides_must_change_something(tmp_path: Path) -> None:
    text = GOOD + (
        "  extra_days_off:\n"
        "    - {date: 2026-03-07, reason: {en: Saturday}}\n"
        "  extra_working_days:\n"
        "    - {date: 2026-03-09, reason: {en: Monday}}\n"
        "    - {date: 2026-31-01, reason: {en: No such day}}\n"
    )
    problems = problems_of(write_pack(tmp_path / "broken", pack=text))
    assert problems == [
        "pack.yaml: calendar.extra_days_off[0].date 2026-03-07 is already a day off "
        f"(line {line_of(text, '2026-03-07')})",
        "pack.yaml: calendar.extra_working_days[0].date 2026-03-09 is already a working day "
        f"(line {line_of(text, '2026-03-09')})",
        "pack.yaml: calendar.extra_working_days[1].date '2026-31-01' is not a date "
        f"(write YYYY-MM-DD) (line {line_of(text, '2026-31-01')})",
    ]


def test_a_yml_file_is_not_silently_ignored(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "broken", pack=GOOD)
    (folder / "extra.yml").write_text("code: broken\n", encoding="utf-8")
    assert problems_of(folder) == ["extra.yml: would be ignored: pack files must end in .yaml"]


def test_a_pack_folder_without_pack_yaml(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert problems_of(tmp_path / "empty") == [f"{tmp_path / 'empty'}: has no pack.yaml"]


def test_the_error_message_lists_every_problem(tmp_path: Path) -> None:
    text = GOOD.replace("region: TL-N", "region: TL-X").replace("country: TL", "country: Tl")
    with pytest.raises(PackError) as error:
        load_pack(write_pack(tmp_path / "broken", pack=text))
    message = str(error.value)
    assert message.startswith("Jurisdiction pack broken cannot be used:\n")
    assert "\n  - pack.yaml: country 'Tl' has the wrong form" in message
    assert "\n  - pack.yaml: agencies[0].region 'TL-X' is not a region" in message


def _configure(settings: Settings, folder: Path) -> None:
    settings.PALERMO_JURISDICTION = folder.name
    settings.PALERMO_JURISDICTION_DIRS = [str(folder.parent)]


def test_system_check_reports_a_broken_pack(settings: Settings, tmp_path: Path) -> None:
    _configure(
        settings, write_pack(tmp_path / "broken", pack=GOOD.replace("region: TL-N", "region: TL-X"))
    )
    [error] = check_jurisdiction_pack()
    assert error.id == "jurisdictions.E001"
    assert "agencies[0].region 'TL-X' is not a region of this pack" in error.msg


def test_system_check_passes_for_a_good_pack(settings: Settings, tmp_path: Path) -> None:
    _configure(settings, write_pack(tmp_path / "broken", pack=GOOD))
    assert check_jurisdiction_pack() == []


def test_a_broken_pack_stops_start_up(settings: Settings, tmp_path: Path) -> None:
    _configure(
        settings, write_pack(tmp_path / "broken", pack=GOOD.replace("region: TL-N", "region: TL-X"))
    )
    with pytest.raises(PackError, match="is not a region of this pack"):
        apps.get_app_config("jurisdictions").ready()
