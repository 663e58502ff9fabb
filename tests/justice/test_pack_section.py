"""The pack's ``justice`` section: the rules are data, every mistake is reported with its file,
key path and line, and a pack without the section still loads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from palermo.jurisdictions.pack import SHIPPED_PACKS, PackError, load_pack

SHIPPED = (SHIPPED_PACKS / "belarus" / "justice.yaml").read_text(encoding="utf-8")


def pack_with(tmp_path: Path, justice: str | None) -> Path:
    folder = tmp_path / "belarus"
    shutil.copytree(SHIPPED_PACKS / "belarus", folder)
    if justice is None:
        (folder / "justice.yaml").unlink()
    else:
        (folder / "justice.yaml").write_text(justice, encoding="utf-8")
    return folder


def problems(tmp_path: Path, justice: str) -> list[str]:
    with pytest.raises(PackError) as err:
        load_pack(pack_with(tmp_path, justice))
    return [f"{p.file}:{p.line} {p.path} {p.template % p.params}" for p in err.value.problems]


def test_the_shipped_section_reads_the_law():
    rules = load_pack(SHIPPED_PACKS / "belarus").justice
    assert rules is not None
    assert [s.code for s in rules.stages] == [
        "pre_investigation_check", "investigation", "trial", "verdict", "appeal", "discontinued",
    ]  # fmt: skip
    assert {a.key for a in rules.articles} >= {
        "cc_181", "cc_181_p2_1", "cc_181_1", "cc_171", "cc_171_1", "cc_182", "cc_183", "cc_291",
        "cc_343_1", "cc_177_1",
    }  # fmt: skip
    assert [m.code for m in rules.measures] == [
        "safety",
        "social_protection",
        "consular_assistance",
    ]
    assert rules.interference_basis.key == "law_350z_art18_p2"
    assert rules.expulsion.legal_basis.key == "law_350z_art22_p1"
    assert rules.expulsion.roles == {"victim", "witness", "assisting"}
    assert rules.expulsion.persons == {"foreign_national", "stateless"}
    assert [rules.suspension_ended_at(s.code) for s in rules.stages] == [
        False, False, False, True, True, True,
    ]  # fmt: skip


def test_a_pack_without_the_section_loads(tmp_path):
    assert load_pack(pack_with(tmp_path, None)).justice is None


def test_mistakes_are_reported_with_file_path_and_line(tmp_path):
    broken = (
        SHIPPED.replace("    - cc_291\n", "    - cc_999\n")
        .replace("until_stage: verdict", "until_stage: judgment")
        .replace("      next: [appeal]", "      next: [appeal, retrial]")
        .replace("legal_basis: law_350z_art18_p2", "legal_basis: law_350z_art99")
        .replace("roles: [victim, witness, assisting]", "roles: [victim, suspect]")
    )
    found = problems(tmp_path, broken)
    expected = [
        "justice.articles[8] 'cc_999' is not a legal basis of this pack",
        "justice.stages[3].next[1] 'retrial' is not a stage of this section",
        "justice.interference.legal_basis 'law_350z_art99' is not a legal basis of this pack",
        "justice.expulsion_suspension.roles[1] 'suspect' is not a participant role",
        "justice.expulsion_suspension.until_stage 'judgment' is not a stage of this section",
    ]
    for text in expected:
        assert any(text in f and f.startswith("justice.yaml:") for f in found), (text, found)
    assert len(found) == len(expected)


def test_a_missing_rule_is_named(tmp_path):
    broken = SHIPPED.replace("  interference:\n    legal_basis: law_350z_art18_p2\n", "")
    assert any("is missing required key 'interference'" in f for f in problems(tmp_path, broken))
