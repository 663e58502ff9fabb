"""The typed, read-only content of a jurisdiction pack (built and checked by ``validate.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from palermo.jurisdictions.calendar import WorkingCalendar
from palermo.jurisdictions.errors import MissingPackSection
from palermo.jurisdictions.text import Text

if TYPE_CHECKING:
    from palermo.jurisdictions.screening import ScreeningScheme
    from palermo.jurisdictions.sections_care import ChildProtectionRules, MedicalCareRules
    from palermo.jurisdictions.sections_casefile import CaseFlagRules
    from palermo.jurisdictions.sections_compensation import CompensationRules
    from palermo.jurisdictions.sections_ctdc import CtdcExportRules
    from palermo.jurisdictions.sections_justice import JusticeRules
    from palermo.jurisdictions.sections_referrals import ReferralRules
    from palermo.jurisdictions.sections_registries import RegistryRules
    from palermo.jurisdictions.sections_retention import RetentionRules
    from palermo.jurisdictions.sections_shelters import ShelterRules
    from palermo.jurisdictions.sections_stats import DisclosureRule, StatisticsRules

# HTCDS organisation types (UNMigration/HTCDS, "HTCDS Field Reference": org_Type picklist).
# HTCDS has no value for international organisations or courts; such kinds leave it empty.
HTCDS_ORGANISATION_TYPES = (
    "NGO",
    "LawEnforcement",
    "HealthServiceOrganisation",
    "CentralGovernmentOrganisation",
    "LocalGovernmentOrganisation",
    "ImmigrationService",
    "LegalService",
    "CorporateBusiness",
)


S = TypeVar("S")

# The sections a pack may leave out (palermo.jurisdictions.pack.OPTIONAL lists their file keys).
OPTIONAL_SECTIONS = (
    "screening", "status_decisions", "registries", "shelters", "justice", "disclosure",
    "statistics", "ctdc_export", "retention", "compensation", "referrals",
    "case_flags",
)  # fmt: skip


@dataclass(frozen=True)
class Region:
    """A first-level administrative division (ISO 3166-2 code, e.g. ``BY-HM``)."""

    code: str
    names: Text

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)


@dataclass(frozen=True)
class AgencyKind:
    code: str
    names: Text
    htcds_type: str | None = None

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)


@dataclass(frozen=True)
class AgencyEntry:
    """An agency of the pack's catalogue; the accounts app creates Agency rows from these."""

    code: str
    names: Text
    kind: AgencyKind
    region: Region | None = None  # None: a national body
    short_names: Text | None = None
    parent: str | None = None  # code of another catalogue entry
    htcds_type_override: str | None = None
    note: str | None = None  # for administrators: where the entry comes from, what is invented

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)

    def short_name(self, lang: str | None = None) -> str:
        return (self.short_names or self.names).get(lang)

    @property
    def is_national(self) -> bool:
        return self.region is None

    @property
    def htcds_type(self) -> str | None:
        return self.htcds_type_override or self.kind.htcds_type


@dataclass(frozen=True)
class LegalBasis:
    """A rule a decision can rest on, e.g. ``law_350z_art22_p1`` → "Law No. 350-Z, Art. 22 p.1".

    ``citation`` (English) is what decisions store: it stays readable when the pack changes.
    """

    key: str
    kind: str
    citations: Text
    titles: Text
    part_of: str | None = None
    note: str | None = None

    @property
    def citation(self) -> str:
        return self.citations.get("en")

    def cite(self, lang: str | None = None) -> str:
        return self.citations.get(lang)

    def title(self, lang: str | None = None) -> str:
        return self.titles.get(lang)

    def label(self, lang: str | None = None) -> str:
        """Citation and title together, as shown next to a decision."""
        return f"{self.cite(lang)} — {self.title(lang)}"

    @property
    def is_pack_rule(self) -> bool:
        """True when no law sets this rule: the pack's authors chose it (e.g. a default deadline)."""
        return self.kind == "pack_rule"


@dataclass(frozen=True)
class Deadline:
    key: str
    working_days: int
    legal_basis: LegalBasis
    names: Text
    descriptions: Text | None = None

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)

    def description(self, lang: str | None = None) -> str:
        return self.descriptions.get(lang) if self.descriptions else ""


# The outcomes of a decision on victim status: HTCDS trafficking statuses other than "possible"
# (the values of palermo.cases.vocab.TraffickingStatus).
DECISION_OUTCOMES = ("actual", "not_a_victim")


@dataclass(frozen=True)
class StatusDecisionRules:
    """Who may decide whether a presumed victim is a victim, and on which legal bases.

    ``competent_kinds``: the agency kinds whose staff may record the decision;
    ``competence_basis``: the rule that makes them competent; ``legal_bases``: for each outcome
    (``actual``, ``not_a_victim``) the bases a decision may cite, the first being the default.
    """

    competent_kinds: tuple[AgencyKind, ...]
    competence_basis: LegalBasis
    legal_bases: Mapping[str, tuple[LegalBasis, ...]]

    def is_competent(self, kind: str) -> bool:
        return any(k.code == kind for k in self.competent_kinds)

    def bases_for(self, outcome: str) -> tuple[LegalBasis, ...]:
        return tuple(self.legal_bases.get(outcome, ()))


@dataclass(frozen=True, eq=False)
class JurisdictionPack:
    code: str
    country: str  # ISO 3166-1 alpha-2
    reference_prefix: str
    names: Text
    languages: tuple[str, ...]
    timezone: str | None
    regions_by_code: Mapping[str, Region]
    agency_kinds_by_code: Mapping[str, AgencyKind]
    agencies_by_code: Mapping[str, AgencyEntry]
    legal_bases_by_key: Mapping[str, LegalBasis]
    deadlines_by_key: Mapping[str, Deadline]
    calendar: WorkingCalendar
    # Optional sections: a pack without them has no screening / no one competent to decide.
    screening: ScreeningScheme | None = None
    status_decisions: StatusDecisionRules | None = None
    registries: RegistryRules | None = None
    shelters: ShelterRules | None = None
    justice: JusticeRules | None = None
    disclosure: DisclosureRule | None = None
    statistics: StatisticsRules | None = None
    ctdc_export: CtdcExportRules | None = None
    retention: RetentionRules | None = None
    medical_care: MedicalCareRules | None = None
    child_protection: ChildProtectionRules | None = None
    compensation: CompensationRules | None = None
    referrals: ReferralRules | None = None
    case_flags: CaseFlagRules | None = None

    def section(self, name: str, kind: type[S]) -> S:
        """The optional section ``name``; MissingPackSection when this pack lacks it.

        The one way an app reads its section (through ``pack.pack_section``): whatever the
        section, a pack without it fails the same way, naming the pack and the section.
        """
        found = self.optional_section(name, kind)
        if found is None:
            raise MissingPackSection(self.code, name)
        return found

    def optional_section(self, name: str, kind: type[S]) -> S | None:
        """The section ``name``, or None: for a feature a pack may leave out on purpose."""
        if name not in OPTIONAL_SECTIONS:
            raise ValueError(f"{name!r} is not an optional section of a jurisdiction pack")
        found = getattr(self, name)
        if found is not None and not isinstance(found, kind):
            raise TypeError(f"the pack's {name!r} section is not a {kind.__name__}")
        return found

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)

    @property
    def regions(self) -> tuple[Region, ...]:
        return tuple(self.regions_by_code.values())

    @property
    def agency_kinds(self) -> tuple[AgencyKind, ...]:
        return tuple(self.agency_kinds_by_code.values())

    @property
    def agencies(self) -> tuple[AgencyEntry, ...]:
        return tuple(self.agencies_by_code.values())

    @property
    def legal_bases(self) -> tuple[LegalBasis, ...]:
        return tuple(self.legal_bases_by_key.values())

    @property
    def deadlines(self) -> tuple[Deadline, ...]:
        return tuple(self.deadlines_by_key.values())

    # Catalogue look-ups answer None for an unknown code: the code usually comes from a stored
    # row, and a pack edited since then must not break the page that shows it.
    def region(self, code: str) -> Region | None:
        return self.regions_by_code.get(code)

    def agency_kind(self, code: str) -> AgencyKind | None:
        return self.agency_kinds_by_code.get(code)

    def agency(self, code: str) -> AgencyEntry | None:
        return self.agencies_by_code.get(code)

    # Rule look-ups raise KeyError: their keys are written in the source code, so an unknown key
    # is a programming error (or a pack that lacks a rule the code relies on), named by the error.
    def legal_basis(self, key: str) -> LegalBasis:
        return self.legal_bases_by_key[key]

    def deadline(self, key: str) -> Deadline:
        return self.deadlines_by_key[key]

    def agencies_of_kind(self, kind: str) -> tuple[AgencyEntry, ...]:
        return tuple(entry for entry in self.agencies if entry.kind.code == kind)

    def agencies_in_region(self, region: str) -> tuple[AgencyEntry, ...]:
        return tuple(e for e in self.agencies if e.region is not None and e.region.code == region)

    def due_date(self, deadline: str, start: date) -> date:
        """When the deadline ``deadline`` that starts on ``start`` runs out."""
        return self.calendar.add_working_days(start, self.deadline(deadline).working_days)

    def person_reference(self, year: int, serial: int) -> str:
        """A person's reference number, e.g. ``BY-2026-000123``."""
        return f"{self.reference_prefix}-{year:04d}-{serial:06d}"

    def has_deadline(self, key: str) -> bool:
        """Deadlines beyond the required ones exist only where a country's law sets them."""
        return key in self.deadlines_by_key
