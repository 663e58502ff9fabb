"""Reader for the optional ``shelters`` section of a pack: centres for protection and assistance
to victims (shelters, rehabilitation centres) and the rules that decide an admission.

The section names the agency kinds that may operate a facility, the kinds of places a facility
has (each with who may take it), the groups a facility may say it admits, and the admission
rules. Every condition is a mapping of *facts* (the vocabulary in :data:`FACTS`, collected by the
admission form) to the value or list of values that match, all of which must hold::

    rules:
      - code: minor_without_permission
        when: {minor: true, guardian_permission: false}
        outcome: refuse
        legal_bases: [unct_p34_minors]
        message: {en: A minor is admitted only with ...}

Like the other readers it reports every problem to the :class:`Checker` (file, key path, line)
and builds what it can.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from palermo.jurisdictions.checker import Checker, Node, quote
from palermo.jurisdictions.errors import gettext_noop
from palermo.jurisdictions.model import AgencyKind, LegalBasis
from palermo.jurisdictions.sections import _reference, optional
from palermo.jurisdictions.text import Text

# The facts an admission rule may test, with their possible values (True/False for yes/no facts).
FACTS: Mapping[str, tuple[object, ...]] = {
    "sex": ("female", "male", "other"),
    "minor": (True, False),
    "with_children": (True, False),
    "pregnant": (True, False),
    "non_resident": (True, False),
    "citizenship": ("national", "foreign", "stateless"),
    "disease": ("none", "ordinary", "communicable", "socially_dangerous"),
    "guardian_permission": (True, False),
}
OUTCOMES = ("admit", "refuse")

_NOT_A_BASIS = gettext_noop("%(value)s is not a legal basis of this pack")
_NOT_A_KIND = gettext_noop("%(value)s is not an agency kind of this pack")


@dataclass(frozen=True)
class Condition:
    """Facts and the values that match them; every listed fact must match (an empty condition
    matches everyone)."""

    tests: Mapping[str, frozenset[object]]

    def matches(self, facts: Mapping[str, object]) -> bool:
        return all(facts.get(name) in allowed for name, allowed in self.tests.items())


@dataclass(frozen=True)
class PlaceKind:
    """A kind of place (bed) a facility has, e.g. for women with children; ``condition``: who
    may take such a place."""

    code: str
    names: Text
    condition: Condition

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)


@dataclass(frozen=True)
class AdmissionGroup:
    """A group of people a facility may or may not admit (its profile), e.g. minors."""

    code: str
    names: Text
    condition: Condition

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)


@dataclass(frozen=True)
class AdmissionRule:
    code: str
    condition: Condition
    outcome: str  # "admit" | "refuse"
    legal_bases: tuple[LegalBasis, ...]
    messages: Text

    def message(self, lang: str | None = None) -> str:
        return self.messages.get(lang)

    @property
    def refuses(self) -> bool:
        return self.outcome == "refuse"


@dataclass(frozen=True)
class ShelterRules:
    """What the ``shelters`` section of a pack says.

    ``basis``: the law on centres for protection and assistance (cited by every admission and by
    the guard arrangement); ``confidentiality_basis``: the rule that residents are shown to
    staff outside the case under an alias.
    """

    operator_kinds: tuple[AgencyKind, ...]
    basis: LegalBasis
    confidentiality_basis: LegalBasis
    place_kinds: tuple[PlaceKind, ...]
    groups: tuple[AdmissionGroup, ...]
    rules: tuple[AdmissionRule, ...]

    def may_operate(self, kind: str) -> bool:
        return any(k.code == kind for k in self.operator_kinds)

    def place_kind(self, code: str) -> PlaceKind | None:
        return next((k for k in self.place_kinds if k.code == code), None)

    def group(self, code: str) -> AdmissionGroup | None:
        return next((g for g in self.groups if g.code == code), None)

    def rule(self, code: str) -> AdmissionRule | None:
        return next((r for r in self.rules if r.code == code), None)

    def matching_rules(self, facts: Mapping[str, object]) -> tuple[AdmissionRule, ...]:
        return tuple(rule for rule in self.rules if rule.condition.matches(facts))

    def groups_of(self, facts: Mapping[str, object]) -> tuple[AdmissionGroup, ...]:
        return tuple(group for group in self.groups if group.condition.matches(facts))


def read_shelters(
    ck: Checker,
    node: Node,
    kinds: Mapping[str, AgencyKind] | None,
    bases: Mapping[str, LegalBasis] | None,
) -> ShelterRules | None:
    if not ck.mapping(
        node,
        required=(
            "operator_agency_kinds",
            "legal_basis",
            "confidentiality_basis",
            "place_kinds",
            "groups",
            "rules",
        ),
    ):
        return None
    before = len(ck.problems)
    operators: list[AgencyKind] = []
    if node.has("operator_agency_kinds"):
        seen: dict[str, str] = {}
        for item in ck.items(node.child("operator_agency_kinds"), non_empty=True):
            kind = _reference(ck, item, kinds, _NOT_A_KIND)
            if kind is not None and ck.unique(item, kind.code, seen):
                operators.append(kind)
    basis = optional(node, "legal_basis", lambda n: _reference(ck, n, bases, _NOT_A_BASIS))
    confidentiality = optional(
        node, "confidentiality_basis", lambda n: _reference(ck, n, bases, _NOT_A_BASIS)
    )
    place_kinds = [
        PlaceKind(code, names, condition)
        for code, names, condition in (
            _named_conditions(ck, node.child("place_kinds")) if node.has("place_kinds") else []
        )
    ]
    groups = [
        AdmissionGroup(code, names, condition)
        for code, names, condition in (
            _named_conditions(ck, node.child("groups")) if node.has("groups") else []
        )
    ]
    rules = _rules(ck, node.child("rules"), bases) if node.has("rules") else []
    if len(ck.problems) > before or basis is None or confidentiality is None:
        return None
    return ShelterRules(
        operator_kinds=tuple(operators),
        basis=basis,
        confidentiality_basis=confidentiality,
        place_kinds=tuple(place_kinds),
        groups=tuple(groups),
        rules=tuple(rules),
    )


def _condition(ck: Checker, node: Node) -> Condition | None:
    if not ck.mapping(node, optional=tuple(FACTS)):
        return None
    tests: dict[str, frozenset[object]] = {}
    ok = True
    for name, allowed in FACTS.items():
        if not isinstance(node.value, dict) or name not in node.value:
            continue
        child = node.child(name)
        values = child.value if isinstance(child.value, list) else [child.value]
        if not values:
            ck.report(child, gettext_noop("must not be empty"))
            ok = False
            continue
        bad = [
            value
            for value in values
            # YAML reads true/false as booleans; "true" in quotes stays a text.
            if isinstance(value, dict | list)
            or value not in allowed
            or isinstance(value, bool) != isinstance(allowed[0], bool)
        ]
        for value in bad:
            ck.report(
                child,
                gettext_noop("%(value)s is not a value of this fact (%(allowed)s)"),
                value=quote(value),
                allowed=", ".join(str(a).lower() for a in allowed),
            )
        if bad:
            ok = False
        else:
            tests[name] = frozenset(values)
    return Condition(tests) if ok else None


def _named_conditions(ck: Checker, node: Node) -> list[tuple[str, Text, Condition]]:
    found: list[tuple[str, Text, Condition]] = []
    seen: dict[str, str] = {}
    for item in ck.items(node, non_empty=True):
        if not ck.mapping(item, required=("code", "name"), optional=("when",)):
            continue
        code = optional(item, "code", ck.code)
        names = optional(item, "name", ck.text)
        condition = _condition(ck, item.child("when")) if item.has("when") else Condition(tests={})
        if code and ck.unique(item.child("code"), code, seen) and names and condition:
            found.append((code, names, condition))
    return found


def _rules(ck: Checker, node: Node, bases: Mapping[str, LegalBasis] | None) -> list[AdmissionRule]:
    rules: list[AdmissionRule] = []
    seen: dict[str, str] = {}
    for item in ck.items(node, non_empty=True):
        if not ck.mapping(item, required=("code", "when", "outcome", "legal_bases", "message")):
            continue
        code = optional(item, "code", ck.code)
        condition = optional(item, "when", lambda n: _condition(ck, n))
        if condition is not None and not condition.tests:
            ck.report(item.child("when"), gettext_noop("must name at least one fact"))
            condition = None
        outcome = optional(
            item,
            "outcome",
            lambda n: ck.choice(
                n, OUTCOMES, gettext_noop("%(value)s is not an outcome (%(allowed)s)")
            ),
        )
        found: list[LegalBasis] = []
        if item.has("legal_bases"):
            for entry in ck.items(item.child("legal_bases"), non_empty=True):
                basis = _reference(ck, entry, bases, _NOT_A_BASIS)
                if basis is not None:
                    found.append(basis)
        messages = optional(item, "message", ck.text)
        if (
            code
            and ck.unique(item.child("code"), code, seen)
            and condition
            and outcome
            and found
            and messages
        ):
            rules.append(AdmissionRule(code, condition, outcome, tuple(found), messages))
    return rules
