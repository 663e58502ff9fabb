"""The pack's ``case_flags`` section: the flags a case can carry are data, checked on load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from palermo.jurisdictions.pack import SHIPPED_PACKS, PackError, get_pack, load_pack
from palermo.jurisdictions.sections_casefile import CaseFlagRules


def _pack_with(tmp_path: Path, flags_yaml: str) -> Path:
    folder = tmp_path / "belarus"
    shutil.copytree(SHIPPED_PACKS / "belarus", folder)
    (folder / "case_flags.yaml").write_text(flags_yaml, encoding="utf-8")
    return folder


def test_belarus_ships_the_flags_with_alerts():
    rules = get_pack().optional_section("case_flags", CaseFlagRules)
    assert rules is not None
    assert {"risk_to_safety", "minor", "interpreter_needed"} <= set(rules.codes)
    assert rules.get("risk_to_safety").is_alert  # type: ignore[union-attr]
    assert not rules.get("interpreter_needed").is_alert  # type: ignore[union-attr]
    assert all(set(k.names.values) == {"en", "ru", "be"} for k in rules.kinds)


@pytest.mark.parametrize(
    ("yaml", "words"),
    [
        (
            "case_flags:\n  - {code: a, level: alert, name: {en: A}}\n"
            "  - {code: a, level: info, name: {en: B}}\n",
            "duplicate code 'a'",
        ),
        ("case_flags:\n  - {code: a, level: loud, name: {en: A}}\n", "not a flag level"),
        ("case_flags:\n  - {code: Bad Code, level: info, name: {en: A}}\n", "not a valid code"),
        ("case_flags:\n  - {code: a, level: info}\n", "missing required key 'name'"),
        ("case_flags: []\n", "must not be empty"),
        ("case_flags:\n  - {code: a, level: info, name: {en: A}, colour: red}\n", "unknown key"),
    ],
)
def test_a_bad_flags_section_is_reported_with_its_place(tmp_path, yaml, words):
    with pytest.raises(PackError) as caught:
        load_pack(_pack_with(tmp_path, yaml))
    text = str(caught.value)
    assert words in text and "case_flags.yaml" in text


def test_a_pack_without_flags_leaves_the_feature_out(tmp_path):
    folder = _pack_with(tmp_path, "")
    (folder / "case_flags.yaml").unlink()
    assert load_pack(folder).case_flags is None
