"""The registries' rules: the taxpayer-number format, which legal basis each registry decision
rests on, the tourist-report deadline and which agency kinds agree adverts for each party.

They are data of the jurisdiction pack (its ``registries`` section, Belarus:
``jurisdictions/packs/belarus/registries.yaml``), checked when the pack loads; the code reads
them only through :func:`rules`.
"""

from __future__ import annotations

from palermo.jurisdictions.pack import LegalBasis, get_pack, pack_section
from palermo.jurisdictions.sections_registries import RegistryRules

__all__ = ["RegistryRules", "basis", "rules"]


def rules() -> RegistryRules:
    """The configured pack's registry rules; MissingPackSection when the pack has none."""
    return pack_section("registries", RegistryRules)


def basis(key: str) -> LegalBasis:
    return get_pack().legal_basis(key)
