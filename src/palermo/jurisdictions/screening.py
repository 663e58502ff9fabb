"""Identification screening as pack data: indicator groups, criteria and the recommendation rule.

A pack's ``screening`` section lists groups of indicators (e.g. the ILO indicators of forced
labour, the ILO–EC operational indicators of trafficking), each indicator classed ``strong``,
``medium`` or ``weak`` — separately for adults and children where they differ — and a rule that
says when a screening recommends treating the person as a presumed victim.

The rule is a small tree of named *criteria*:

* ``count`` — at least N of the indicators marked present, from the given groups and/or
  indicators, of the given strengths;
* ``all`` / ``any`` — every / at least one of other criteria.

:meth:`ScreeningScheme.evaluate` walks the tree and answers yes or no together with *which*
indicators led there. Nothing here knows about any country: the criteria are the pack's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from palermo.jurisdictions.model import LegalBasis
from palermo.jurisdictions.text import Text

ADULT = "adult"
CHILD = "child"
AGE_GROUPS = (ADULT, CHILD)
STRENGTHS = ("strong", "medium", "weak")
CRITERION_KINDS = ("count", "all", "any")


@dataclass(frozen=True)
class Indicator:
    """One indicator, e.g. "Deceived about the nature of the job, location or employer".

    ``strengths`` maps an age group to the indicator's strength for it; an age group that is
    missing means the indicator does not apply to that group (e.g. a child-only indicator).
    """

    code: str
    group: str
    names: Text
    strengths: Mapping[str, str]
    descriptions: Text | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "strengths", MappingProxyType(dict(self.strengths)))

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)

    def description(self, lang: str | None = None) -> str:
        return self.descriptions.get(lang) if self.descriptions else ""

    def applies_to(self, age_group: str) -> bool:
        return age_group in self.strengths

    def strength(self, age_group: str) -> str | None:
        return self.strengths.get(age_group)

    def __hash__(self) -> int:
        return hash(self.code)


@dataclass(frozen=True)
class IndicatorGroup:
    """A set of indicators: an ILO–EC dimension ("Deceptive recruitment") or a whole list."""

    code: str
    names: Text
    indicators: tuple[Indicator, ...]
    descriptions: Text | None = None
    source: LegalBasis | None = None  # the publication or law the indicators come from

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)

    def description(self, lang: str | None = None) -> str:
        return self.descriptions.get(lang) if self.descriptions else ""

    def indicators_for(self, age_group: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.applies_to(age_group))


@dataclass(frozen=True)
class Criterion:
    """A named condition of the recommendation rule (see the module docstring)."""

    key: str
    names: Text
    kind: str  # "count", "all" or "any"
    # count
    groups: frozenset[str] = frozenset()
    indicators: frozenset[str] = frozenset()
    strengths: frozenset[str] = frozenset()
    at_least: int = 1
    # all / any
    parts: tuple[str, ...] = ()
    descriptions: Text | None = None

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)

    def description(self, lang: str | None = None) -> str:
        return self.descriptions.get(lang) if self.descriptions else ""

    def selects(self, indicator: Indicator, age_group: str) -> bool:
        """Whether a present ``indicator`` counts towards this (count) criterion."""
        if not indicator.applies_to(age_group):
            return False
        chosen = indicator.group in self.groups or indicator.code in self.indicators
        if (self.groups or self.indicators) and not chosen:
            return False
        return not self.strengths or indicator.strength(age_group) in self.strengths


@dataclass(frozen=True)
class ScreeningRule:
    """The recommendation rule for one age group: a criterion and what it rests on."""

    age_group: str
    criterion: Criterion
    legal_basis: LegalBasis


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    met: bool
    # count: the present indicators that counted; all/any: those of the parts that were met
    indicators: tuple[Indicator, ...]
    parts: tuple[CriterionResult, ...] = ()

    @property
    def count(self) -> int:
        return len(self.indicators)


@dataclass(frozen=True)
class ScreeningOutcome:
    """What a screening recommends, and why."""

    age_group: str
    rule: ScreeningRule
    result: CriterionResult
    present: tuple[Indicator, ...]

    @property
    def presumed_victim(self) -> bool:
        return self.result.met

    @property
    def decisive_indicators(self) -> tuple[Indicator, ...]:
        """The indicators that led to "presumed victim: yes" (none when the answer is no)."""
        return self.result.indicators if self.result.met else ()

    @property
    def criteria(self) -> tuple[CriterionResult, ...]:
        """The top-level criteria with their results, for showing what was (not) met."""
        return self.result.parts or (self.result,)


@dataclass(frozen=True)
class ScreeningScheme:
    groups: tuple[IndicatorGroup, ...]
    criteria: Mapping[str, Criterion]
    rules: Mapping[str, ScreeningRule]  # by age group
    indicators_by_code: Mapping[str, Indicator] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_code = {i.code: i for g in self.groups for i in g.indicators}
        object.__setattr__(self, "indicators_by_code", MappingProxyType(by_code))
        object.__setattr__(self, "criteria", MappingProxyType(dict(self.criteria)))
        object.__setattr__(self, "rules", MappingProxyType(dict(self.rules)))

    def indicator(self, code: str) -> Indicator | None:
        """None for an unknown code: stored screenings may name indicators a pack later dropped."""
        return self.indicators_by_code.get(code)

    def group(self, code: str) -> IndicatorGroup | None:
        return next((g for g in self.groups if g.code == code), None)

    def rule(self, age_group: str) -> ScreeningRule:
        return self.rules[age_group]

    def unknown_codes(self, codes: Iterable[str], age_group: str) -> list[str]:
        """The codes that are not indicators of this pack for ``age_group``."""
        return [
            c
            for c in codes
            if (i := self.indicators_by_code.get(c)) is None or not i.applies_to(age_group)
        ]

    def evaluate(self, age_group: str, present: Iterable[str]) -> ScreeningOutcome:
        """Apply the rule for ``age_group`` to the indicators marked present.

        Unknown codes and indicators that do not apply to the age group are ignored (the
        services refuse them before saving; here they simply count for nothing).
        """
        rule = self.rule(age_group)
        codes = set(present)
        marked = tuple(
            i
            for g in self.groups
            for i in g.indicators
            if i.code in codes and i.applies_to(age_group)
        )
        result = self._evaluate(rule.criterion, age_group, marked, ())
        return ScreeningOutcome(age_group, rule, result, marked)

    def _evaluate(
        self,
        criterion: Criterion,
        age_group: str,
        marked: tuple[Indicator, ...],
        seen: tuple[str, ...],
    ) -> CriterionResult:
        if criterion.key in seen:  # the loader refuses cycles; this only guards against misuse
            raise ValueError(f"criteria form a cycle: {' → '.join((*seen, criterion.key))}")
        if criterion.kind == "count":
            counted = tuple(i for i in marked if criterion.selects(i, age_group))
            return CriterionResult(criterion, len(counted) >= criterion.at_least, counted)
        parts = tuple(
            self._evaluate(self.criteria[key], age_group, marked, (*seen, criterion.key))
            for key in criterion.parts
        )
        met = all(p.met for p in parts) if criterion.kind == "all" else any(p.met for p in parts)
        indicators: dict[str, Indicator] = {}
        for part in parts:
            if part.met:
                indicators.update((i.code, i) for i in part.indicators)
        return CriterionResult(criterion, met, tuple(indicators.values()), parts)
