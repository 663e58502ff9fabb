"""Readers for two optional blocks of the pack's ``justice`` section: the liability of persons
and organisations involved in trafficking (seed 000 §3.2).

* ``foreign_nationals``: the consequences a foreign national or stateless person involved in
  trafficking may face (Law No. 350-Z Art. 30 in Belarus): refusal of registration or of an
  extension of stay, a shortened stay, refused or annulled residence permits.
* ``administrative_offences``: the articles of the Code of Administrative Offences that punish
  offences associated with trafficking, and the kinds of penalty a decision may impose.

Problems go to the :class:`Checker` with file, key path and line, like every other reader. The
format is documented in docs/jurisdiction-packs.md ("justice").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from palermo.jurisdictions.checker import Checker, Node
from palermo.jurisdictions.errors import gettext_noop
from palermo.jurisdictions.model import LegalBasis
from palermo.jurisdictions.sections import _reference, optional
from palermo.jurisdictions.text import Text

# Who can be held liable for an administrative offence: a natural person or an organisation.
OFFENDER_KINDS = ("person", "organisation")
# How the amount of a penalty is measured (labels in palermo.justice.vocab.PenaltyUnit).
PENALTY_UNITS = ("none", "base_units", "money", "hours", "days", "months")
# Whose stay a consequence can concern (palermo.justice.rules.person_condition codes).
FOREIGN_PERSONS = ("foreign_national", "stateless", "citizenship_unknown")

_NOT_A_BASIS = gettext_noop("%(value)s is not a legal basis of this pack")


@dataclass(frozen=True)
class ConsequenceKind:
    """One consequence for a foreign national involved in trafficking; ``needs_until`` when the
    decision sets a new last day of the stay (a shortened stay)."""

    code: str
    names: Text
    legal_basis: LegalBasis
    needs_until: bool = False

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)


@dataclass(frozen=True)
class ForeignNationalRules:
    persons: frozenset[str]
    kinds: tuple[ConsequenceKind, ...]

    def kind(self, code: str) -> ConsequenceKind | None:
        return next((k for k in self.kinds if k.code == code), None)


@dataclass(frozen=True)
class OffenceArticle:
    """An article of the administrative code and who may be held liable under it."""

    basis: LegalBasis
    offenders: frozenset[str]

    @property
    def key(self) -> str:
        return self.basis.key


@dataclass(frozen=True)
class PenaltyKind:
    code: str
    names: Text
    unit: str
    offenders: frozenset[str]

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)

    @property
    def has_amount(self) -> bool:
        return self.unit != "none"


@dataclass(frozen=True)
class OffenceRules:
    articles: tuple[OffenceArticle, ...]
    penalties: tuple[PenaltyKind, ...]

    def article(self, key: str) -> OffenceArticle | None:
        return next((a for a in self.articles if a.key == key), None)

    def penalty(self, code: str) -> PenaltyKind | None:
        return next((p for p in self.penalties if p.code == code), None)


def _basis(ck: Checker, node: Node, bases: Mapping[str, LegalBasis] | None) -> LegalBasis | None:
    return _reference(ck, node, bases, _NOT_A_BASIS)


def _choices(ck: Checker, node: Node, allowed: tuple[str, ...], template: str) -> frozenset[str]:
    found: set[str] = set()
    for item in ck.items(node, non_empty=True):
        value = ck.choice(item, allowed, template)
        if value:
            found.add(value)
    return frozenset(found)


def _offenders(ck: Checker, item: Node) -> frozenset[str]:
    if not item.has("offenders"):
        return frozenset(OFFENDER_KINDS)
    template = gettext_noop("%(value)s is not a kind of offender (%(allowed)s)")
    return _choices(ck, item.child("offenders"), OFFENDER_KINDS, template)


def read_foreign_nationals(
    ck: Checker, node: Node, bases: Mapping[str, LegalBasis] | None
) -> ForeignNationalRules | None:
    if not ck.mapping(node, required=("legal_basis", "persons", "kinds")):
        return None
    before = len(ck.problems)
    default = optional(node, "legal_basis", lambda n: _basis(ck, n, bases))
    persons: frozenset[str] = frozenset()
    if node.has("persons"):
        template = gettext_noop("%(value)s is not a kind of person (%(allowed)s)")
        persons = _choices(ck, node.child("persons"), FOREIGN_PERSONS, template)
    kinds: list[ConsequenceKind] = []
    seen: dict[str, str] = {}
    if node.has("kinds"):
        for item in ck.items(node.child("kinds"), non_empty=True):
            if not ck.mapping(
                item, required=("code", "name"), optional=("legal_basis", "needs_until")
            ):
                continue
            code = optional(item, "code", ck.code)
            names = optional(item, "name", ck.text)
            basis = optional(item, "legal_basis", lambda n: _basis(ck, n, bases)) or default
            needs_until = False
            if item.has("needs_until"):
                flag = item.child("needs_until")
                if isinstance(flag.value, bool):
                    needs_until = flag.value
                else:
                    ck.report(flag, gettext_noop("must be true or false"))
            if code and ck.unique(item.child("code"), code, seen) and names and basis:
                kinds.append(ConsequenceKind(code, names, basis, needs_until))
    if len(ck.problems) != before or not kinds or not persons:
        return None
    return ForeignNationalRules(persons, tuple(kinds))


def read_offences(
    ck: Checker, node: Node, bases: Mapping[str, LegalBasis] | None
) -> OffenceRules | None:
    if not ck.mapping(node, required=("articles", "penalties")):
        return None
    before = len(ck.problems)
    articles: list[OffenceArticle] = []
    seen: dict[str, str] = {}
    if node.has("articles"):
        for item in ck.items(node.child("articles"), non_empty=True):
            if not ck.mapping(item, required=("article",), optional=("offenders",)):
                continue
            basis = optional(item, "article", lambda n: _basis(ck, n, bases))
            offenders = _offenders(ck, item)
            if basis and ck.unique(item.child("article"), basis.key, seen) and offenders:
                articles.append(OffenceArticle(basis, offenders))
    penalties: list[PenaltyKind] = []
    seen = {}
    if node.has("penalties"):
        template = gettext_noop("%(value)s is not a unit of penalty (%(allowed)s)")
        for item in ck.items(node.child("penalties"), non_empty=True):
            if not ck.mapping(item, required=("code", "name", "unit"), optional=("offenders",)):
                continue
            code = optional(item, "code", ck.code)
            names = optional(item, "name", ck.text)
            unit = optional(item, "unit", lambda n: ck.choice(n, PENALTY_UNITS, template))
            offenders = _offenders(ck, item)
            if code and ck.unique(item.child("code"), code, seen) and names and unit and offenders:
                penalties.append(PenaltyKind(code, names, unit, offenders))
    if len(ck.problems) != before or not articles or not penalties:
        return None
    return OffenceRules(tuple(articles), tuple(penalties))
