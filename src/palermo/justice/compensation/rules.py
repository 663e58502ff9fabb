"""Compensation and fund rules that the jurisdiction pack does not (yet) carry.

The legal-basis keys below must exist in the pack's ``legal_bases.yaml``; the citations shown to
users and stored with every decision come from the pack. The fund's currency is a constant here,
documented as the pack's currency until the pack carries one (docs/compensation.md): the code
reads all of it only through :func:`rules`, so moving it into the pack changes this file alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from palermo.jurisdictions.model import LegalBasis
from palermo.jurisdictions.pack import get_pack

# The pack's currency (ISO 4217) until the pack carries one.
BELARUS_CURRENCY = "BYN"


@dataclass(frozen=True)
class CompensationRules:
    currency: str
    # Compensation claims and court awards within criminal proceedings (CPC ch. 48).
    claim_basis: str
    # Receipts from confiscated property of liquidated organisations, and their use for victims
    # and counter-trafficking programmes (Law No. 350-Z, Art. 29).
    fund_basis: str
    # The list of organisations involved in trafficking (Regulation No. 427).
    organisation_list_basis: str
    # Kinds of fund transaction whose document (bank document, payment order) identifies exactly
    # one movement of money, so that it may be booked only once.
    unique_document_kinds: frozenset[str] = frozenset()

    @property
    def currencies(self) -> tuple[str, ...]:
        """Currencies the fund keeps books in: the pack's currency only, for now."""
        return (self.currency,)


BELARUS = CompensationRules(
    currency=BELARUS_CURRENCY,
    claim_basis="cpc_ch48",
    fund_basis="law_350z_art29",
    organisation_list_basis="com_reg_427",
    # A primary accounting document is booked once: receipts by their bank document, payments
    # and grants by their payment order. Reversals may cite the same correction document.
    unique_document_kinds=frozenset({"receipt", "victim_payment", "grant"}),
)

RULES: dict[str, CompensationRules] = {"belarus": BELARUS}


def rules() -> CompensationRules:
    pack = get_pack()
    try:
        return RULES[pack.code]
    except KeyError:
        raise LookupError(
            f"compensation has no rules for the jurisdiction {pack.code!r}: "
            "add them to palermo/justice/compensation/rules.py"
        ) from None


def basis(key: str) -> LegalBasis:
    return get_pack().legal_basis(key)
