"""The compensation and fund rules: the jurisdiction pack's ``compensation`` section.

The fund's currency, the legal bases of claims, awards and the fund, and which fund documents may
be booked only once are data of the pack (Belarus: ``jurisdictions/packs/belarus/
compensation.yaml``), checked when the pack loads; the code reads them only through
:func:`rules`, which fails like every section accessor when the pack lacks the section.
"""

from __future__ import annotations

from palermo.jurisdictions.model import LegalBasis
from palermo.jurisdictions.pack import get_pack, pack_section
from palermo.jurisdictions.sections_compensation import CompensationRules

__all__ = ["CompensationRules", "basis", "rules"]


def rules() -> CompensationRules:
    return pack_section("compensation", CompensationRules)


def basis(key: str) -> LegalBasis:
    return get_pack().legal_basis(key)
