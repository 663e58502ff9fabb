"""Reader for the optional ``justice`` section of a pack: criminal proceedings, protection
measures, expulsion suspension (and, in its own block, compensation).

Like the other readers it reports every problem to the :class:`Checker` (file, key path, line)
and builds what it can; cross-references to legal bases are checked only when that section could
be read. The format is documented in docs/jurisdiction-packs.md ("justice").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from palermo.jurisdictions.checker import Checker, Node, quote
from palermo.jurisdictions.errors import gettext_noop
from palermo.jurisdictions.model import AgencyKind, LegalBasis
from palermo.jurisdictions.sections import _reference, optional
from palermo.jurisdictions.sections_liability import (
    ForeignNationalRules,
    OffenceRules,
    read_foreign_nationals,
    read_offences,
)
from palermo.jurisdictions.text import Text

# The participant roles of palermo.justice.vocab.ParticipantRole.
PARTICIPANT_ROLES = ("victim", "witness", "assisting")
# Whose expulsion a rule can suspend: a citizen of another country, a stateless person, or a
# person whose citizenship is not known.
PERSON_CONDITIONS = ("foreign_national", "stateless", "citizenship_unknown")

_NOT_A_BASIS = gettext_noop("%(value)s is not a legal basis of this pack")
_NOT_A_STAGE = gettext_noop("%(value)s is not a stage of this section")


@dataclass(frozen=True)
class Stage:
    """A stage of criminal proceedings; ``next`` lists the stages it may move to."""

    code: str
    names: Text
    order: int
    next: tuple[str, ...]

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)


@dataclass(frozen=True)
class MeasureKind:
    """A protection and rehabilitation measure (Law No. 350-Z Art. 18 p.1 in Belarus)."""

    code: str
    names: Text
    legal_basis: LegalBasis
    covers_family: bool = False
    descriptions: Text | None = None

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)

    def description(self, lang: str | None = None) -> str:
        return self.descriptions.get(lang) if self.descriptions else ""


@dataclass(frozen=True)
class MinorVictimRule:
    """When ``charged`` is charged and a victim was a minor, ``proposed`` is proposed."""

    charged: LegalBasis
    proposed: LegalBasis


@dataclass(frozen=True)
class ExpulsionRule:
    """Who may not be expelled or deported while proceedings run, and until which stage."""

    legal_basis: LegalBasis
    roles: frozenset[str]
    persons: frozenset[str]
    until_stage: str


@dataclass(frozen=True)
class JusticeRules:
    articles: tuple[LegalBasis, ...]
    minor_victim_rules: tuple[MinorVictimRule, ...]
    age_of_majority: int
    stages: tuple[Stage, ...]
    measures: tuple[MeasureKind, ...]
    interference_basis: LegalBasis
    expulsion: ExpulsionRule
    # Liability of persons and organisations involved (sections_liability.py), both optional.
    foreign_nationals: ForeignNationalRules | None = None
    offences: OffenceRules | None = None
    # --- compensation (owned by the compensation app; add its fields below this line) ---------

    # --- look-ups: unknown codes answer None (codes come from stored rows) ---------------------

    @property
    def first_stage(self) -> Stage:
        return self.stages[0]

    def stage(self, code: str) -> Stage | None:
        return next((s for s in self.stages if s.code == code), None)

    def stage_name(self, code: str, lang: str | None = None) -> str:
        stage = self.stage(code)
        return stage.name(lang) if stage else code

    def article(self, key: str) -> LegalBasis | None:
        return next((a for a in self.articles if a.key == key), None)

    def measure(self, code: str) -> MeasureKind | None:
        return next((m for m in self.measures if m.code == code), None)

    def proposals_for_minor(self, charged: set[str] | frozenset[str]) -> tuple[LegalBasis, ...]:
        """Articles to propose when a victim was a minor, given the charged article keys."""
        return tuple(
            r.proposed
            for r in self.minor_victim_rules
            if r.charged.key in charged and r.proposed.key not in charged
        )

    def suspension_ended_at(self, stage: str) -> bool:
        """Whether proceedings at ``stage`` are at or past the stage that ends the suspension
        (the verdict in Belarus; a stage listed after it — appeal, discontinued — too)."""
        until = self.stage(self.expulsion.until_stage)
        current = self.stage(stage)
        if until is None or current is None:
            return False
        return current.order >= until.order


def _basis(ck: Checker, node: Node, bases: Mapping[str, LegalBasis] | None) -> LegalBasis | None:
    return _reference(ck, node, bases, _NOT_A_BASIS)


def _flag(ck: Checker, node: Node) -> bool | None:
    if isinstance(node.value, bool):
        return node.value
    ck.report(node, gettext_noop("must be true or false"))
    return None


def read_justice(
    ck: Checker,
    node: Node,
    kinds: Mapping[str, AgencyKind] | None,
    bases: Mapping[str, LegalBasis] | None,
) -> JusticeRules | None:
    required = (
        "articles", "stages", "measures", "interference", "expulsion_suspension",
    )  # fmt: skip
    extra = ("minor_victim", "age_of_majority", "foreign_nationals", "administrative_offences")
    if not ck.mapping(node, required=required, optional=extra):
        return None
    before = len(ck.problems)
    articles = _articles(ck, node.child("articles"), bases) if node.has("articles") else []
    article_keys = {a.key for a in articles}
    minor_rules = (
        _minor_rules(ck, node.child("minor_victim"), bases, article_keys)
        if node.has("minor_victim")
        else []
    )
    majority = (
        ck.integer(node.child("age_of_majority"), 1, 30) if node.has("age_of_majority") else 18
    )
    stages = _stages(ck, node.child("stages")) if node.has("stages") else []
    stage_codes = {s.code for s in stages}
    measures = _measures(ck, node.child("measures"), bases) if node.has("measures") else []
    interference = None
    if node.has("interference"):
        item = node.child("interference")
        if ck.mapping(item, required=("legal_basis",)):
            interference = optional(item, "legal_basis", lambda n: _basis(ck, n, bases))
    expulsion = (
        _expulsion(ck, node.child("expulsion_suspension"), bases, stage_codes)
        if node.has("expulsion_suspension")
        else None
    )
    foreign = (
        read_foreign_nationals(ck, node.child("foreign_nationals"), bases)
        if node.has("foreign_nationals")
        else None
    )
    offences = (
        read_offences(ck, node.child("administrative_offences"), bases)
        if node.has("administrative_offences")
        else None
    )
    if (
        len(ck.problems) != before
        or not articles or not stages or not measures or majority is None
        or interference is None or expulsion is None
    ):  # fmt: skip
        return None
    return JusticeRules(
        articles=tuple(articles),
        minor_victim_rules=tuple(minor_rules),
        age_of_majority=majority,
        stages=tuple(stages),
        measures=tuple(measures),
        interference_basis=interference,
        expulsion=expulsion,
        foreign_nationals=foreign,
        offences=offences,
    )


def _articles(ck: Checker, node: Node, bases: Mapping[str, LegalBasis] | None) -> list[LegalBasis]:
    found: list[LegalBasis] = []
    seen: dict[str, str] = {}
    for item in ck.items(node, non_empty=True):
        basis = _basis(ck, item, bases)
        if basis is not None and ck.unique(item, basis.key, seen):
            found.append(basis)
    return found


def _minor_rules(
    ck: Checker, node: Node, bases: Mapping[str, LegalBasis] | None, articles: set[str]
) -> list[MinorVictimRule]:
    rules: list[MinorVictimRule] = []
    for item in ck.items(node):
        if not ck.mapping(item, required=("charged", "proposed")):
            continue
        charged = optional(item, "charged", lambda n: _basis(ck, n, bases))
        proposed = optional(item, "proposed", lambda n: _basis(ck, n, bases))
        for key, basis in (("charged", charged), ("proposed", proposed)):
            if basis is not None and articles and basis.key not in articles:
                ck.report(
                    item.child(key),
                    gettext_noop("%(value)s is not one of the section's articles"),
                    value=quote(basis.key),
                )
        if charged and proposed:
            rules.append(MinorVictimRule(charged, proposed))
    return rules


def _stages(ck: Checker, node: Node) -> list[Stage]:
    stages: list[Stage] = []
    seen: dict[str, str] = {}
    nexts: list[tuple[str, list[tuple[str, Node]]]] = []
    for index, item in enumerate(ck.items(node, non_empty=True)):
        if not ck.mapping(item, required=("code", "name"), optional=("next",)):
            continue
        code = optional(item, "code", ck.code)
        names = optional(item, "name", ck.text)
        following: list[tuple[str, Node]] = []
        if item.has("next"):
            for entry in ck.items(item.child("next")):
                target = ck.code(entry)
                if target is not None:
                    following.append((target, entry))
        if code and ck.unique(item.child("code"), code, seen) and names:
            stages.append(Stage(code, names, index, tuple(t for t, _ in following)))
            nexts.append((code, following))
    codes = {s.code for s in stages}
    for code, following in nexts:
        for target, entry in following:
            if target not in codes:
                ck.report(entry, _NOT_A_STAGE, value=quote(target))
            elif target == code:
                ck.report(entry, gettext_noop("a stage cannot move to itself"))
    return stages


def _measures(ck: Checker, node: Node, bases: Mapping[str, LegalBasis] | None) -> list[MeasureKind]:
    measures: list[MeasureKind] = []
    seen: dict[str, str] = {}
    for item in ck.items(node, non_empty=True):
        if not ck.mapping(
            item,
            required=("code", "name", "legal_basis"),
            optional=("covers_family", "description"),
        ):
            continue
        code = optional(item, "code", ck.code)
        names = optional(item, "name", ck.text)
        descriptions = optional(item, "description", ck.text)
        basis = optional(item, "legal_basis", lambda n: _basis(ck, n, bases))
        family = optional(item, "covers_family", lambda n: _flag(ck, n))
        if code and ck.unique(item.child("code"), code, seen) and names and basis:
            measures.append(MeasureKind(code, names, basis, bool(family), descriptions))
    return measures


def _expulsion(
    ck: Checker, node: Node, bases: Mapping[str, LegalBasis] | None, stages: set[str]
) -> ExpulsionRule | None:
    if not ck.mapping(node, required=("legal_basis", "roles", "persons", "until_stage")):
        return None
    basis = optional(node, "legal_basis", lambda n: _basis(ck, n, bases))
    roles: set[str] = set()
    if node.has("roles"):
        template = gettext_noop("%(value)s is not a participant role (%(allowed)s)")
        for item in ck.items(node.child("roles"), non_empty=True):
            role = ck.choice(item, PARTICIPANT_ROLES, template)
            if role:
                roles.add(role)
    persons: set[str] = set()
    if node.has("persons"):
        template = gettext_noop("%(value)s is not a kind of person (%(allowed)s)")
        for item in ck.items(node.child("persons"), non_empty=True):
            person = ck.choice(item, PERSON_CONDITIONS, template)
            if person:
                persons.add(person)
    until = optional(node, "until_stage", ck.code)
    if until and stages and until not in stages:
        ck.report(node.child("until_stage"), _NOT_A_STAGE, value=quote(until))
        until = None
    if basis is None or not roles or not persons or until is None:
        return None
    return ExpulsionRule(basis, frozenset(roles), frozenset(persons), until)
