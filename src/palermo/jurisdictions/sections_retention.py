"""Reader for the optional ``retention`` section of a pack: how long each kind of personal data
is kept, from which event the clock runs, and which legal holds stop it.

::

    retention:
      age_of_majority: 18
      holds:
        open_proceedings: {legal_basis: law_350z_art18}
        pending_compensation: {legal_basis: cpc_ch48}
        minor: {legal_basis: ..., extra_years: 3}
      rules:
        - code: closed_case_identity
          data: person_identity
          clock: case_closed
          keep: {years: 5}
          holds: [open_proceedings, pending_compensation, minor]
          legal_basis: ...
          name: {en: ..., ru: ..., be: ...}

The kinds of data, their clocks and the holds are a fixed vocabulary (the shredder knows how to
find and destroy each); the periods, holds and legal bases are the law's. The format is documented
in docs/retention.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from palermo.jurisdictions.checker import Checker, Node
from palermo.jurisdictions.errors import gettext_noop
from palermo.jurisdictions.model import LegalBasis
from palermo.jurisdictions.sections import _reference
from palermo.jurisdictions.text import Text

# Each kind of personal data the shredder can destroy, with the clocks that may start its period.
DATA_CLOCKS: Mapping[str, tuple[str, ...]] = {
    "person_identity": ("case_closed",),
    "hotline_caller_contact": ("call_received",),
    "anonymous_tip": ("tip_received",),
    "tourist_non_return": ("report_filed", "group_returned"),
    "suspect_identity": ("final_verdict",),
}
HOLDS = ("open_proceedings", "pending_compensation", "minor")

_NOT_A_BASIS = gettext_noop("%(value)s is not a legal basis of this pack")
_NOT_A_KIND = gettext_noop("%(value)s is not a kind of data (one of %(allowed)s)")
_NOT_A_CLOCK = gettext_noop("%(value)s is not a clock of this kind of data (one of %(allowed)s)")
_NOT_A_HOLD = gettext_noop("%(value)s is not a legal hold (one of %(allowed)s)")


@dataclass(frozen=True)
class Hold:
    """A legal hold: while it applies, the retention clock of the data does not run out."""

    code: str
    legal_basis: LegalBasis
    extra_years: int = 0  # the minor hold: years after adulthood during which it still holds


@dataclass(frozen=True)
class RetentionRule:
    code: str
    data: str
    clock: str
    years: int
    months: int
    holds: tuple[str, ...]
    legal_basis: LegalBasis
    names: Text

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)


@dataclass(frozen=True)
class RetentionRules:
    age_of_majority: int
    holds_by_code: Mapping[str, Hold]
    rules: tuple[RetentionRule, ...]

    def rule(self, code: str) -> RetentionRule | None:
        return next((r for r in self.rules if r.code == code), None)

    def rules_for(self, data: str) -> tuple[RetentionRule, ...]:
        return tuple(r for r in self.rules if r.data == data)

    def hold(self, code: str) -> Hold | None:
        return self.holds_by_code.get(code)


def read_retention(
    ck: Checker, node: Node, bases: Mapping[str, LegalBasis] | None
) -> RetentionRules | None:
    if not ck.mapping(node, required=("holds", "rules"), optional=("age_of_majority",)):
        return None
    before = len(ck.problems)
    majority = (
        ck.integer(node.child("age_of_majority"), 1, 30) if node.has("age_of_majority") else 18
    )
    holds = _holds(ck, node.child("holds"), bases)
    rules = _rules(ck, node.child("rules"), bases, holds)
    if len(ck.problems) != before or majority is None or not rules:
        return None
    return RetentionRules(age_of_majority=majority, holds_by_code=holds, rules=tuple(rules))


def _holds(ck: Checker, node: Node, bases: Mapping[str, LegalBasis] | None) -> dict[str, Hold]:
    found: dict[str, Hold] = {}
    for code, item in ck.entries(node):
        if code not in HOLDS:
            ck.report(item, _NOT_A_HOLD, value=code, allowed=", ".join(HOLDS))
            continue
        if not ck.mapping(item, required=("legal_basis",), optional=("extra_years",)):
            continue
        basis = _reference(ck, item.child("legal_basis"), bases, _NOT_A_BASIS)
        extra = ck.integer(item.child("extra_years"), 0, 50) if item.has("extra_years") else 0
        if basis is not None and extra is not None:
            found[code] = Hold(code=code, legal_basis=basis, extra_years=extra)
    return found


def _rules(
    ck: Checker,
    node: Node,
    bases: Mapping[str, LegalBasis] | None,
    holds: Mapping[str, Hold],
) -> list[RetentionRule]:
    found: list[RetentionRule] = []
    seen: dict[str, str] = {}
    for item in ck.items(node, non_empty=True):
        rule = _rule(ck, item, bases, holds)
        if rule is not None and ck.unique(item, rule.code, seen):
            found.append(rule)
    return found


def _rule(
    ck: Checker,
    item: Node,
    bases: Mapping[str, LegalBasis] | None,
    holds: Mapping[str, Hold],
) -> RetentionRule | None:
    required = ("code", "data", "clock", "keep", "legal_basis", "name")
    if not ck.mapping(item, required=required, optional=("holds",)):
        return None
    before = len(ck.problems)
    code = ck.code(item.child("code"))
    data = ck.choice(item.child("data"), tuple(DATA_CLOCKS), _NOT_A_KIND)
    clock = None
    if data is not None:
        clock = ck.choice(item.child("clock"), DATA_CLOCKS[data], _NOT_A_CLOCK)
    years, months = _period(ck, item.child("keep"))
    rule_holds: list[str] = []
    if item.has("holds"):
        for hold_node in ck.items(item.child("holds")):
            hold = ck.choice(hold_node, HOLDS, _NOT_A_HOLD)
            if hold is not None and hold not in holds:
                ck.report(
                    hold_node,
                    gettext_noop("%(value)s is not defined under retention.holds"),
                    value=hold,
                )
            elif hold is not None:
                rule_holds.append(hold)
    basis = _reference(ck, item.child("legal_basis"), bases, _NOT_A_BASIS)
    names = ck.text(item.child("name"))
    if (
        len(ck.problems) != before
        or code is None or data is None or clock is None or years is None or months is None
        or basis is None or names is None
    ):  # fmt: skip
        return None
    return RetentionRule(
        code=code, data=data, clock=clock, years=years, months=months,
        holds=tuple(rule_holds), legal_basis=basis, names=names,
    )  # fmt: skip


def _period(ck: Checker, node: Node) -> tuple[int | None, int | None]:
    if not ck.mapping(node, optional=("years", "months")):
        return None, None
    years = ck.integer(node.child("years"), 0, 100) if node.has("years") else 0
    months = ck.integer(node.child("months"), 0, 1200) if node.has("months") else 0
    if years == 0 and months == 0:
        ck.report(node, gettext_noop("must keep the data for at least one month"))
        return None, None
    return years, months
