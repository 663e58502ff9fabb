"""The registries' rules: the taxpayer-number format, which legal basis each registry decision
rests on, the tourist-report deadline and which agency kinds agree adverts for each party.

They are data of the jurisdiction pack (its ``registries`` section, Belarus:
``jurisdictions/packs/belarus/registries.yaml``), checked when the pack loads; the code reads
them only through :func:`rules`.
"""

from __future__ import annotations

from collections.abc import Mapping

from palermo.jurisdictions.errors import MissingPackSection
from palermo.jurisdictions.pack import LegalBasis, get_pack, pack_section
from palermo.jurisdictions.sections_registries import ProcedureStep, RegistryRules

__all__ = ["ProcedureStep", "RegistryRules", "basis", "organisation_procedure", "rules"]


def rules() -> RegistryRules:
    """The configured pack's registry rules; MissingPackSection when the pack has none."""
    return pack_section("registries", RegistryRules)


def organisation_procedure() -> Mapping[str, ProcedureStep]:
    """The lifecycle of an organisation involved in trafficking (Belarus: Law No. 350-Z Art. 29
    and 30): each step, the stages it may follow and the step to record first."""
    procedure = rules().organisation_procedure
    if not procedure:
        raise MissingPackSection(get_pack().code, "registries.organisation_procedure")
    return procedure


def basis(key: str) -> LegalBasis:
    return get_pack().legal_basis(key)
