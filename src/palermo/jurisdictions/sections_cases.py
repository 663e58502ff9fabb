"""Readers for the optional sections about cases: ``screening`` and ``status_decisions``.

Like the readers in ``sections.py`` they report every problem to the :class:`Checker` (with file,
key path and line) and build what they can; cross-references to legal bases and agency kinds are
checked only when those sections could be read.
"""

from __future__ import annotations

from collections.abc import Mapping

from palermo.jurisdictions.checker import Checker, Node, quote
from palermo.jurisdictions.errors import gettext_noop
from palermo.jurisdictions.model import (
    DECISION_OUTCOMES,
    AgencyKind,
    LegalBasis,
    StatusDecisionRules,
)
from palermo.jurisdictions.screening import (
    AGE_GROUPS,
    CRITERION_KINDS,
    STRENGTHS,
    Criterion,
    Indicator,
    IndicatorGroup,
    ScreeningRule,
    ScreeningScheme,
)
from palermo.jurisdictions.sections import _reference, optional
from palermo.jurisdictions.text import Text

_NOT_A_BASIS = gettext_noop("%(value)s is not a legal basis of this pack")


def _basis(ck: Checker, node: Node, bases: Mapping[str, LegalBasis] | None) -> LegalBasis | None:
    return _reference(ck, node, bases, _NOT_A_BASIS)


def _codes(ck: Checker, node: Node, *, non_empty: bool = False) -> list[tuple[str, Node]]:
    """A list of codes, each with its node (for reporting)."""
    found: list[tuple[str, Node]] = []
    for item in ck.items(node, non_empty=non_empty):
        code = ck.code(item)
        if code is not None:
            found.append((code, item))
    return found


# --- screening -------------------------------------------------------------------------------


def read_screening(
    ck: Checker, node: Node, bases: Mapping[str, LegalBasis] | None
) -> ScreeningScheme | None:
    if not ck.mapping(node, required=("groups", "criteria", "rules")):
        return None
    indicator_codes: dict[str, str] = {}
    groups = _groups(ck, node.child("groups"), bases, indicator_codes) if node.has("groups") else []
    group_codes = {g.code for g in groups}
    criteria = (
        _criteria(ck, node.child("criteria"), group_codes, indicator_codes)
        if node.has("criteria")
        else {}
    )
    rules = _rules(ck, node.child("rules"), criteria, bases) if node.has("rules") else {}
    if ck.problems or len(rules) != len(AGE_GROUPS):
        return None
    return ScreeningScheme(tuple(groups), criteria, rules)


def _groups(
    ck: Checker,
    node: Node,
    bases: Mapping[str, LegalBasis] | None,
    indicator_codes: dict[str, str],
) -> list[IndicatorGroup]:
    groups: list[IndicatorGroup] = []
    seen: dict[str, str] = {}
    for item in ck.items(node, non_empty=True):
        if not ck.mapping(
            item, required=("code", "name", "indicators"), optional=("description", "source")
        ):
            continue
        code = optional(item, "code", ck.code)
        names = optional(item, "name", ck.text)
        descriptions = optional(item, "description", ck.text)
        source = optional(item, "source", lambda n: _basis(ck, n, bases))
        indicators: list[Indicator] = []
        if code and item.has("indicators"):
            for entry in ck.items(item.child("indicators"), non_empty=True):
                indicator = _indicator(ck, entry, code, indicator_codes)
                if indicator is not None:
                    indicators.append(indicator)
        if code and ck.unique(item.child("code"), code, seen) and names:
            groups.append(IndicatorGroup(code, names, tuple(indicators), descriptions, source))
    return groups


def _indicator(
    ck: Checker, item: Node, group: str, indicator_codes: dict[str, str]
) -> Indicator | None:
    if not ck.mapping(item, required=("code", "name", "strength"), optional=("description",)):
        return None
    code = optional(item, "code", ck.code)
    names = optional(item, "name", ck.text)
    descriptions = optional(item, "description", ck.text)
    strengths = _strengths(ck, item.child("strength")) if item.has("strength") else None
    # Indicator codes are stored with screenings, so they are unique across all groups.
    if code and ck.unique(item.child("code"), code, indicator_codes) and names and strengths:
        return Indicator(code, group, names, strengths, descriptions)
    return None


def _strengths(ck: Checker, node: Node) -> dict[str, str] | None:
    """``strong`` (for every age group) or ``{adult: weak, child: medium}`` / ``{child: strong}``."""
    template = gettext_noop("%(value)s is not a strength (%(allowed)s)")
    if isinstance(node.value, str):
        strength = ck.choice(node, STRENGTHS, template)
        return dict.fromkeys(AGE_GROUPS, strength) if strength else None
    if not ck.mapping(node, optional=AGE_GROUPS):
        return None
    found: dict[str, str] = {}
    for group in AGE_GROUPS:
        if node.has(group):
            strength = ck.choice(node.child(group), STRENGTHS, template)
            if strength:
                found[group] = strength
    if not node.value:
        ck.report(
            node,
            gettext_noop("must name a strength for adults, for children or for both"),
        )
        return None
    return found or None


def _criteria(
    ck: Checker, node: Node, groups: set[str], indicators: Mapping[str, str]
) -> dict[str, Criterion]:
    criteria: dict[str, Criterion] = {}
    refs: dict[str, list[tuple[str, Node]]] = {}
    keys = set(node.value) if isinstance(node.value, dict) else set()
    for key, item in ck.entries(node):
        if not ck.mapping(item, required=("name",), optional=(*CRITERION_KINDS, "description")):
            continue
        names = optional(item, "name", ck.text)
        descriptions = optional(item, "description", ck.text)
        kinds = [k for k in CRITERION_KINDS if isinstance(item.value, dict) and k in item.value]
        if len(kinds) != 1:
            ck.report(
                item,
                gettext_noop("must have exactly one of %(allowed)s"),
                allowed=", ".join(CRITERION_KINDS),
            )
            continue
        kind = kinds[0]
        if kind == "count":
            criterion = _count(
                ck, item.child("count"), key, names, descriptions, groups, indicators
            )
        else:
            parts = _codes(ck, item.child(kind), non_empty=True)
            for part, part_node in parts:
                if part not in keys:
                    ck.report(
                        part_node,
                        gettext_noop("%(value)s is not a criterion of this section"),
                        value=quote(part),
                    )
            refs[key] = parts
            criterion = (
                Criterion(
                    key, names, kind, parts=tuple(p for p, _ in parts), descriptions=descriptions
                )
                if names and parts
                else None
            )
        if criterion is not None:
            criteria[key] = criterion
    _check_cycles(ck, refs)
    return criteria


def _count(
    ck: Checker,
    node: Node,
    key: str,
    names: Text | None,
    descriptions: Text | None,
    groups: set[str],
    indicators: Mapping[str, str],
) -> Criterion | None:
    if not ck.mapping(node, required=("at_least",), optional=("groups", "indicators", "strengths")):
        return None
    at_least = optional(node, "at_least", lambda n: ck.integer(n, 1, 1000))
    chosen_groups = _codes(ck, node.child("groups")) if node.has("groups") else []
    for code, item in chosen_groups:
        if code not in groups:
            ck.report(
                item,
                gettext_noop("%(value)s is not an indicator group of this pack"),
                value=quote(code),
            )
    chosen = _codes(ck, node.child("indicators")) if node.has("indicators") else []
    for code, item in chosen:
        if code not in indicators:
            ck.report(
                item, gettext_noop("%(value)s is not an indicator of this pack"), value=quote(code)
            )
    strengths: list[str] = []
    if node.has("strengths"):
        template = gettext_noop("%(value)s is not a strength (%(allowed)s)")
        for item in ck.items(node.child("strengths"), non_empty=True):
            strength = ck.choice(item, STRENGTHS, template)
            if strength:
                strengths.append(strength)
    if at_least is None or names is None:
        return None
    return Criterion(
        key,
        names,
        "count",
        groups=frozenset(c for c, _ in chosen_groups),
        indicators=frozenset(c for c, _ in chosen),
        strengths=frozenset(strengths),
        at_least=at_least,
        descriptions=descriptions,
    )


def _check_cycles(ck: Checker, refs: Mapping[str, list[tuple[str, Node]]]) -> None:
    def visit(key: str, path: tuple[str, ...]) -> tuple[str, ...] | None:
        if key in path:
            return (*path, key)
        for part, _ in refs.get(key, []):
            cycle = visit(part, (*path, key))
            if cycle:
                return cycle
        return None

    reported: set[frozenset[str]] = set()
    for key, parts in refs.items():
        for part, part_node in parts:
            cycle = visit(part, (key,))
            if cycle and cycle[0] == key and frozenset(cycle) not in reported:
                reported.add(frozenset(cycle))
                ck.report(
                    part_node,
                    gettext_noop("makes a cycle of criteria: %(chain)s"),
                    chain=" → ".join(cycle),
                )


def _rules(
    ck: Checker,
    node: Node,
    criteria: Mapping[str, Criterion],
    bases: Mapping[str, LegalBasis] | None,
) -> dict[str, ScreeningRule]:
    if not ck.mapping(node, required=AGE_GROUPS):
        return {}
    rules: dict[str, ScreeningRule] = {}
    for group in AGE_GROUPS:
        if not node.has(group):
            continue
        item = node.child(group)
        if not ck.mapping(item, required=("criterion", "legal_basis")):
            continue
        key = optional(item, "criterion", ck.code)
        if key and key not in criteria:
            ck.report(
                item.child("criterion"),
                gettext_noop("%(value)s is not a criterion of this section"),
                value=quote(key),
            )
        basis = optional(item, "legal_basis", lambda n: _basis(ck, n, bases))
        if key and key in criteria and basis:
            rules[group] = ScreeningRule(group, criteria[key], basis)
    return rules


# --- status decisions ------------------------------------------------------------------------


def read_status_decisions(
    ck: Checker,
    node: Node,
    kinds: Mapping[str, AgencyKind] | None,
    bases: Mapping[str, LegalBasis] | None,
) -> StatusDecisionRules | None:
    if not ck.mapping(node, required=("competent_agency_kinds", "competence_basis", "legal_bases")):
        return None
    competent: list[AgencyKind] = []
    if node.has("competent_agency_kinds"):
        seen: dict[str, str] = {}
        template = gettext_noop("%(value)s is not an agency kind of this pack")
        for item in ck.items(node.child("competent_agency_kinds"), non_empty=True):
            kind = _reference(ck, item, kinds, template)
            if kind is not None and ck.unique(item, kind.code, seen):
                competent.append(kind)
    competence = optional(node, "competence_basis", lambda n: _basis(ck, n, bases))
    outcomes: dict[str, tuple[LegalBasis, ...]] = {}
    if node.has("legal_bases"):
        outcomes_node = node.child("legal_bases")
        if ck.mapping(outcomes_node, required=DECISION_OUTCOMES):
            for outcome in DECISION_OUTCOMES:
                if not outcomes_node.has(outcome):
                    continue
                found = [
                    basis
                    for item in ck.items(outcomes_node.child(outcome), non_empty=True)
                    if (basis := _basis(ck, item, bases)) is not None
                ]
                if found:
                    outcomes[outcome] = tuple(found)
    if not competent or competence is None or len(outcomes) != len(DECISION_OUTCOMES):
        return None
    return StatusDecisionRules(tuple(competent), competence, outcomes)
