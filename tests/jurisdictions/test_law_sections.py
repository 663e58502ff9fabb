"""The law that moved from code into the pack: the compensation rules, the Art. 29 procedure of
organisations involved in trafficking, the referral deadlines; and the one way every app reads
its section, failing the same way when a pack lacks it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from palermo.jurisdictions.errors import MissingPackSection
from palermo.jurisdictions.pack import SHIPPED_PACKS, PackError, load_pack, pack_section
from palermo.jurisdictions.sections_compensation import TRANSACTION_KINDS, CompensationRules
from palermo.jurisdictions.sections_referrals import URGENCY_LEVELS
from palermo.jurisdictions.sections_registries import ORGANISATION_STAGES
from palermo.justice.compensation.rules import rules as compensation_rules
from palermo.justice.compensation.vocab import TransactionKind
from palermo.justice.rules import justice_rules
from palermo.referrals.vocab import Urgency
from palermo.registries.rules import organisation_procedure
from palermo.registries.rules import rules as registry_rules
from palermo.registries.vocab import OrganisationStage

TEST_PACKS = Path(__file__).resolve().parent / "packs"


@pytest.fixture(scope="module")
def belarus():
    return load_pack(SHIPPED_PACKS / "belarus")


def pack_with(tmp_path: Path, file: str, text: str) -> Path:
    folder = tmp_path / "testland"
    folder.mkdir()
    source = (TEST_PACKS / "testland" / "pack.yaml").read_text(encoding="utf-8")
    (folder / "pack.yaml").write_text(source, encoding="utf-8")
    (folder / file).write_text(text, encoding="utf-8")
    return folder


def problems_of(folder: Path) -> str:
    with pytest.raises(PackError) as error:
        load_pack(folder)
    return "\n".join(problem.message for problem in error.value.problems)


def test_belarus_states_the_compensation_rules(belarus) -> None:
    found = belarus.section("compensation", CompensationRules)
    assert found.currency == "BYN"
    assert found.currencies == ("BYN",)
    assert (found.claim_basis, found.fund_basis) == ("cpc_ch48", "law_350z_art29")
    assert found.organisation_list_basis == "com_reg_427"
    assert found.unique_document_kinds == {"receipt", "victim_payment", "grant"}


def test_the_compensation_app_reads_the_configured_pack(belarus) -> None:
    assert compensation_rules().currency == "BYN"


def test_the_pack_checker_reports_mistakes_in_the_compensation_rules(tmp_path: Path) -> None:
    text = (
        "compensation:\n"
        "  currency: byn\n"
        "  legal_bases: {claim: victims_act_s4, fund: no_such_law}\n"
        "  unique_document_kinds: [receipt, refund]\n"
    )
    problems = problems_of(pack_with(tmp_path, "compensation.yaml", text))
    assert "compensation.currency 'byn' has the wrong form" in problems
    assert "compensation.legal_bases is missing required key 'organisation_list'" in problems
    assert "compensation.legal_bases.fund 'no_such_law' is not a legal basis" in problems
    assert "'refund' is not a kind of fund transaction" in problems


def test_belarus_states_the_art_29_procedure(belarus) -> None:
    procedure = belarus.registries.organisation_procedure
    assert "suspended" not in procedure  # it opens the entry: it follows nothing
    assert procedure["court_requested"].after == {"suspended"}
    assert procedure["rejected"].after == {"court_requested"}
    assert procedure["liquidated"].after == {"listed"}
    assert procedure["office_ban"].after == {"recognised", "listed", "liquidated"}
    assert procedure["office_ban"].first == "recognised"


def test_the_pack_checker_reports_mistakes_in_the_procedure(belarus, tmp_path: Path) -> None:
    text = (SHIPPED_PACKS / "belarus" / "registries.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    listed: {after: [recognised], first: recognised}",
        "    listed: {after: [approved], first: recognised}\n    founded: {after: [], first: x}",
    )
    folder = tmp_path / "belarus"
    folder.mkdir()
    for source in (SHIPPED_PACKS / "belarus").glob("*.yaml"):
        (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "registries.yaml").write_text(text, encoding="utf-8")
    problems = problems_of(folder)
    assert "'approved' is not a stage of an organisation" in problems
    assert "'founded' is not a step of an organisation" in problems


def test_the_readers_know_the_apps_codes() -> None:
    # The readers cannot import the apps; this keeps their lists and the apps' in step.
    assert set(TRANSACTION_KINDS) == set(TransactionKind.values)
    assert set(URGENCY_LEVELS) == set(Urgency.values)
    assert set(ORGANISATION_STAGES) == set(OrganisationStage.values)


@pytest.mark.parametrize(
    ("read", "section"),
    [
        (compensation_rules, "compensation"),
        (justice_rules, "justice"),
        (registry_rules, "registries"),
        (organisation_procedure, "registries"),
    ],
)
def test_every_app_fails_the_same_way_when_the_pack_lacks_its_section(
    settings: Settings, read, section: str
) -> None:
    settings.PALERMO_JURISDICTION = "testland"
    settings.PALERMO_JURISDICTION_DIRS = [str(TEST_PACKS)]
    with pytest.raises(MissingPackSection, match=f"'testland' has no '{section}' section"):
        read()


def test_an_unknown_section_name_is_a_programming_error(settings: Settings) -> None:
    with pytest.raises(ValueError, match="'laws' is not an optional section"):
        pack_section("laws", object)
