"""Reader for the optional ``compensation`` section of a pack: the fund's currency, the legal
bases of compensation decisions and which fund documents may be booked only once.

The format is documented in docs/jurisdiction-packs.md ("compensation").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from palermo.jurisdictions.checker import Checker, Node
from palermo.jurisdictions.errors import gettext_noop
from palermo.jurisdictions.model import LegalBasis
from palermo.jurisdictions.sections import _reference, optional

CURRENCY_RE = re.compile(r"^[A-Z]{3}$")  # ISO 4217
# The kinds of fund transaction (palermo.justice.compensation.vocab.TransactionKind).
TRANSACTION_KINDS = ("receipt", "victim_payment", "grant", "reversal")
# What each legal basis of the section is for.
BASES = ("claim", "fund", "organisation_list")

_NOT_A_BASIS = gettext_noop("%(value)s is not a legal basis of this pack")


@dataclass(frozen=True)
class CompensationRules:
    """The compensation app's rules as the pack states them (``pack_section("compensation")``)."""

    # The fund keeps its books in this currency (ISO 4217).
    currency: str
    # Compensation claims and court awards within criminal proceedings (Belarus: CPC ch. 48).
    claim_basis: str
    # Receipts from confiscated property and their use (Belarus: Law No. 350-Z, Art. 29).
    fund_basis: str
    # The list of organisations involved in trafficking (Belarus: Regulation No. 427).
    organisation_list_basis: str
    # Kinds of fund transaction whose document identifies exactly one movement of money, so that
    # it may be booked only once.
    unique_document_kinds: frozenset[str] = frozenset()

    @property
    def currencies(self) -> tuple[str, ...]:
        """Currencies the fund keeps books in: the pack's currency only, for now."""
        return (self.currency,)


def read_compensation(
    ck: Checker, node: Node, bases: Mapping[str, LegalBasis] | None
) -> CompensationRules | None:
    if not ck.mapping(
        node, required=("currency", "legal_bases"), optional=("unique_document_kinds",)
    ):
        return None
    before = len(ck.problems)
    currency = optional(node, "currency", lambda n: ck.string(n, CURRENCY_RE))
    found: dict[str, str] = {}
    if node.has("legal_bases"):
        bases_node = node.child("legal_bases")
        if ck.mapping(bases_node, required=BASES):
            for key in BASES:
                if bases_node.has(key):
                    basis = _reference(ck, bases_node.child(key), bases, _NOT_A_BASIS)
                    if basis is not None:
                        found[key] = basis.key
    kinds: set[str] = set()
    if node.has("unique_document_kinds"):
        template = gettext_noop("%(value)s is not a kind of fund transaction (%(allowed)s)")
        for item in ck.items(node.child("unique_document_kinds")):
            kind = ck.choice(item, TRANSACTION_KINDS, template)
            if kind is not None:
                kinds.add(kind)
    if len(ck.problems) != before or currency is None or len(found) != len(BASES):
        return None
    return CompensationRules(
        currency=currency,
        claim_basis=found["claim"],
        fund_basis=found["fund"],
        organisation_list_basis=found["organisation_list"],
        unique_document_kinds=frozenset(kinds),
    )
