"""Readers for the optional ``disclosure`` and ``statistics`` sections of a pack.

``disclosure`` is the rule that every statistic leaving the system passes (DESIGN.md rule 10)::

    disclosure:
      k: 11                      # cells below k are suppressed
      allow_true_zero: true      # a zero may be published as it is
      min_interval_width: 11     # a suppressed cell must stay this uncertain (audit)
      dominance:                 # amounts (money): one or two contributors must not dominate
        n: 2                     # (n,k) rule: the n largest contributions may not make up
        k_percent: 85            #   more than k % of the cell
        p_percent: 10            # p % rule: the others may not sum to less than p % of the largest
      legal_basis: law_350z_art26
      source: {en: ..., ru: ..., be: ...}

``statistics`` groups the pack's agency kinds into the sectors the National Rapporteur compares
(government, NGOs, international organisations)::

    statistics:
      sectors:
        - code: government
          name: {en: Government, ...}
          agency_kinds: [ct_unit, border_guard, ...]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from palermo.jurisdictions.checker import Checker, Node
from palermo.jurisdictions.errors import gettext_noop
from palermo.jurisdictions.model import AgencyKind, LegalBasis
from palermo.jurisdictions.sections import _reference, optional
from palermo.jurisdictions.text import Text

_NOT_A_BASIS = gettext_noop("%(value)s is not a legal basis of this pack")
_NOT_A_KIND = gettext_noop("%(value)s is not an agency kind of this pack")


# Contributions kept per cell of amounts for the dominance rule (so ``n`` is at most this).
DOMINANCE_DEPTH = 3


@dataclass(frozen=True)
class Dominance:
    """The dominance rules for cells of amounts, as tau-ARGUS applies them.

    A cell is sensitive when its ``n`` largest contributions make up more than ``k_percent`` of
    it ((n,k) rule), or when, with ``p_percent`` set, the second largest contributor could work
    out the largest to within p % (the rest of the cell is less than p % of the largest)."""

    n: int
    k_percent: int
    p_percent: int | None = None

    def dominated(self, total: int, largest: list[int]) -> bool:
        """Whether a cell summing to ``total`` whose largest contributions (descending) are
        ``largest`` fails the rule. A cell nobody contributes to never does."""
        if total <= 0 or not largest:
            return False
        if 100 * sum(largest[: self.n]) > self.k_percent * total:
            return True
        if self.p_percent is None:
            return False
        rest = total - sum(largest[:2])
        return 100 * rest < self.p_percent * largest[0]


@dataclass(frozen=True)
class DisclosureRule:
    """Threshold rule with audited secondary suppression for published statistics."""

    k: int
    allow_true_zero: bool
    min_interval_width: int
    legal_basis: LegalBasis | None
    source: Text | None
    dominance: Dominance | None = None

    def describe(self, lang: str | None = None) -> str:
        return self.source.get(lang) if self.source else ""


@dataclass(frozen=True)
class Sector:
    code: str
    names: Text
    agency_kinds: frozenset[str]

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)


@dataclass(frozen=True)
class StatisticsRules:
    sectors: tuple[Sector, ...]

    def sector_of_kind(self, kind: str) -> Sector | None:
        return next((s for s in self.sectors if kind in s.agency_kinds), None)


def read_disclosure(
    ck: Checker, node: Node, bases: Mapping[str, LegalBasis] | None
) -> DisclosureRule | None:
    fields = ("k", "allow_true_zero", "min_interval_width", "legal_basis", "source", "dominance")
    if not ck.mapping(node, required=("k",), optional=fields[1:]):
        return None
    k = optional(node, "k", lambda n: ck.integer(n, 1, 1000))
    width = optional(node, "min_interval_width", lambda n: ck.integer(n, 1, 1000))
    zero = optional(node, "allow_true_zero", lambda n: _boolean(ck, n))
    basis = optional(node, "legal_basis", lambda n: _reference(ck, n, bases, _NOT_A_BASIS))
    source = optional(node, "source", ck.text)
    dominance = optional(node, "dominance", lambda n: _dominance(ck, n))
    if k is None:
        return None
    return DisclosureRule(
        k=k,
        allow_true_zero=bool(zero),
        min_interval_width=width if width is not None else k,
        legal_basis=basis,
        source=source,
        dominance=dominance,
    )


def _dominance(ck: Checker, node: Node) -> Dominance | None:
    if not ck.mapping(node, required=("n", "k_percent"), optional=("p_percent",)):
        return None
    n = optional(node, "n", lambda v: ck.integer(v, 1, DOMINANCE_DEPTH))
    k_percent = optional(node, "k_percent", lambda v: ck.integer(v, 1, 99))
    p_percent = optional(node, "p_percent", lambda v: ck.integer(v, 1, 100))
    if n is None or k_percent is None:
        return None
    return Dominance(n=n, k_percent=k_percent, p_percent=p_percent)


def read_statistics(
    ck: Checker, node: Node, kinds: Mapping[str, AgencyKind] | None
) -> StatisticsRules | None:
    if not ck.mapping(node, required=("sectors",)):
        return None
    sectors: list[Sector] = []
    seen: dict[str, str] = {}
    claimed: dict[str, str] = {}
    for item in ck.items(node.child("sectors"), non_empty=True):
        if not ck.mapping(item, required=("code", "name", "agency_kinds")):
            continue
        code = optional(item, "code", ck.code)
        names = optional(item, "name", ck.text)
        members: set[str] = set()
        for kind_node in ck.items(item.child("agency_kinds")):
            kind = _reference(ck, kind_node, kinds, _NOT_A_KIND)
            if kind is None:
                continue
            if kind.code in claimed:
                ck.report(
                    kind_node,
                    gettext_noop("duplicate code %(value)s (first used at %(first)s)"),
                    value=kind.code,
                    first=claimed[kind.code],
                )
                continue
            claimed[kind.code] = kind_node.path
            members.add(kind.code)
        if code and ck.unique(item.child("code"), code, seen) and names:
            sectors.append(Sector(code, names, frozenset(members)))
    return StatisticsRules(tuple(sectors))


def _boolean(ck: Checker, node: Node) -> bool | None:
    if isinstance(node.value, bool):
        return node.value
    ck.report(node, gettext_noop("must be true or false"))
    return None
