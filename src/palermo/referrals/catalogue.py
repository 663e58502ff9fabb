"""The service catalogue: HTCDS support-plan types plus a jurisdiction's own service types, and
the referral rules (how urgency shortens the answer deadline, how long follow-up access lasts).

The referral rules are the jurisdiction pack's ``referrals`` section (Belarus:
``jurisdictions/packs/belarus/referrals.yaml``), checked when the pack loads. The jurisdiction's
service types are data in ``service_types.yaml`` keyed by jurisdiction pack code; they move into
the pack (a ``services`` section) later. This small loader reads and validates them the same
way: every problem is reported with its key path, and legal-basis keys are checked against the
configured pack.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from django.utils.functional import Promise

from palermo.jurisdictions.calendar import WorkingCalendar
from palermo.jurisdictions.model import JurisdictionPack, LegalBasis
from palermo.jurisdictions.pack import get_pack
from palermo.jurisdictions.sections_referrals import ReferralRules
from palermo.jurisdictions.text import Text
from palermo.referrals.vocab import HTCDS_SUPPORT_TYPE, SupportType

CATALOGUE_FILE = Path(__file__).resolve().parent / "service_types.yaml"
DEFAULT_FOLLOW_UP_DAYS = 90
CODE_RE = re.compile(r"^[a-z][a-z0-9_]{1,59}$")
LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


class CatalogueError(Exception):
    """The service catalogue file is wrong; ``problems`` lists every mistake with its place."""

    def __init__(self, file: str, problems: list[str]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(f"{file}: " + "; ".join(problems))


@dataclass(frozen=True)
class ServiceType:
    """A kind of service an agency offers and a referral asks for."""

    code: str
    htcds_type: str  # a SupportType value
    names: Text | None = None  # a jurisdiction's own type
    builtin_label: Promise | str | None = None  # an HTCDS type (translated by gettext)
    legal_basis: LegalBasis | None = None

    def name(self, lang: str | None = None) -> str:
        if self.names is not None:
            return self.names.get(lang)
        return str(self.builtin_label or self.code)

    @property
    def builtin(self) -> bool:
        return self.names is None

    @property
    def htcds_name(self) -> str:
        return HTCDS_SUPPORT_TYPE[SupportType(self.htcds_type)]

    def __str__(self) -> str:
        return self.name()


@dataclass(frozen=True)
class ServiceCatalogue:
    jurisdiction: str
    types_by_code: Mapping[str, ServiceType]
    # Urgency → at most this many working days for the answer (None: the pack's deadline).
    urgency_caps: Mapping[str, int | None] = field(default_factory=dict)
    follow_up_days: int = DEFAULT_FOLLOW_UP_DAYS

    @property
    def types(self) -> tuple[ServiceType, ...]:
        return tuple(self.types_by_code.values())

    def get(self, code: str) -> ServiceType | None:
        return self.types_by_code.get(code)

    def label(self, code: str) -> str:
        """The name of a service type; an unknown code (a type since removed) shows as itself."""
        found = self.get(code)
        return found.name() if found else code

    def choices(self) -> list[tuple[str, str]]:
        return [(t.code, t.name()) for t in self.types]

    def response_working_days(self, pack: JurisdictionPack, urgency: str) -> int:
        days = pack.deadline("referral_response").working_days
        cap = self.urgency_caps.get(urgency)
        return days if cap is None else min(days, cap)

    def due_date(
        self,
        pack: JurisdictionPack,
        urgency: str,
        start: date,
        calendar: WorkingCalendar | None = None,
    ) -> date:
        """``calendar``: the pack's unless given (the services give the one with the transfers
        recorded in the product, ``jurisdictions.calendar.current_calendar()``)."""
        days = self.response_working_days(pack, urgency)
        return (calendar or pack.calendar).add_working_days(start, days)


def _builtin_types() -> dict[str, ServiceType]:
    return {
        code: ServiceType(code=code, htcds_type=code, builtin_label=label)
        for code, label in SupportType.choices
    }


class _Reader:
    def __init__(self, file: str, pack: JurisdictionPack | None) -> None:
        self.file = file
        self.pack = pack
        self.problems: list[str] = []

    def bad(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def text(self, path: str, value: Any) -> Text | None:
        if not isinstance(value, dict) or not value:
            self.bad(path, "must be a mapping of language codes to text, e.g. {en: ...}")
            return None
        ok = True
        for lang, item in value.items():
            if not isinstance(lang, str) or not LANG_RE.match(lang):
                self.bad(f"{path}.{lang}", "is not a language code")
                ok = False
            elif not isinstance(item, str) or not item.strip():
                self.bad(f"{path}.{lang}", "must be non-empty text")
                ok = False
        if "en" not in value:
            self.bad(path, "must have an English ('en') text: it is the fallback")
            ok = False
        return Text({k: v.strip() for k, v in value.items()}) if ok else None

    def service(self, path: str, item: Any, seen: set[str]) -> ServiceType | None:
        if not isinstance(item, dict):
            self.bad(path, "must be a mapping with code, htcds_type and name")
            return None
        unknown = set(item) - {"code", "htcds_type", "legal_basis", "name", "note"}
        for key in sorted(unknown):
            self.bad(
                f"{path}.{key}", "is not a known key (code, htcds_type, legal_basis, name, note)"
            )
        code = item.get("code")
        if not isinstance(code, str) or not CODE_RE.match(code):
            self.bad(f"{path}.code", "must be a lower-case code like 'free_medical_care'")
            code = None
        elif code in SupportType.values:
            self.bad(f"{path}.code", f"'{code}' is an HTCDS support-plan type already")
            code = None
        elif code in seen:
            self.bad(f"{path}.code", f"'{code}' is defined twice")
            code = None
        htcds = item.get("htcds_type")
        if htcds not in SupportType.values:
            self.bad(
                f"{path}.htcds_type",
                f"must be one of the HTCDS support-plan types: {', '.join(SupportType.values)}",
            )
        basis: LegalBasis | None = None
        key = item.get("legal_basis")
        if key is not None:
            if not isinstance(key, str):
                self.bad(f"{path}.legal_basis", "must be the key of a legal basis of the pack")
            elif self.pack is not None:
                basis = self.pack.legal_bases_by_key.get(key)
                if basis is None:
                    self.bad(
                        f"{path}.legal_basis",
                        f"'{key}' is not a legal basis of the pack '{self.pack.code}'",
                    )
        names = self.text(f"{path}.name", item.get("name"))
        if code is None or htcds not in SupportType.values or names is None:
            return None
        if key is not None and self.pack is not None and basis is None:
            return None
        seen.add(code)
        return ServiceType(code=code, htcds_type=htcds, names=names, legal_basis=basis)


def read_catalogue(
    data: Any, pack: JurisdictionPack, file: str = CATALOGUE_FILE.name
) -> ServiceCatalogue:
    """Validate the parsed YAML ``data`` and build the catalogue for ``pack``.

    Every jurisdiction's entry is checked for its form; the configured pack's entry also for its
    legal-basis keys. Raises :class:`CatalogueError` listing every problem.
    """
    reader = _Reader(file, None)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CatalogueError(file, ["must be a mapping of jurisdiction codes to their services"])
    result: ServiceCatalogue | None = None
    for jurisdiction, entry in data.items():
        reader.pack = pack if jurisdiction == pack.code else None
        where = str(jurisdiction)
        types = _builtin_types()
        if not isinstance(entry, dict):
            reader.bad(where, "must be a mapping with services")
            continue
        for key in sorted(set(entry) - {"services"}):
            if key == "referral_rules":
                reader.bad(
                    f"{where}.{key}",
                    "the referral rules are in the jurisdiction pack (its referrals section)",
                )
            else:
                reader.bad(f"{where}.{key}", "is not a known key (services)")
        services = entry.get("services") or []
        if not isinstance(services, list):
            reader.bad(f"{where}.services", "must be a list")
            services = []
        seen: set[str] = set()
        for index, item in enumerate(services):
            found = reader.service(f"{where}.services[{index}]", item, seen)
            if found is not None:
                types[found.code] = found
        if jurisdiction == pack.code:
            result = _catalogue(pack, types)
    if reader.problems:
        raise CatalogueError(file, reader.problems)
    if result is None:
        # A jurisdiction with no entry has the HTCDS types only.
        result = _catalogue(pack, _builtin_types())
    return result


def _catalogue(pack: JurisdictionPack, types: dict[str, ServiceType]) -> ServiceCatalogue:
    """The catalogue with the pack's referral deadlines (its ``referrals`` section). A pack
    without one answers within its referral_response deadline whatever the urgency, and keeps
    access for DEFAULT_FOLLOW_UP_DAYS after a completed referral."""
    rules = pack.optional_section("referrals", ReferralRules)
    if rules is None:
        return ServiceCatalogue(jurisdiction=pack.code, types_by_code=MappingProxyType(types))
    return ServiceCatalogue(
        jurisdiction=pack.code,
        types_by_code=MappingProxyType(types),
        urgency_caps=rules.urgency_caps,
        follow_up_days=rules.follow_up_days,
    )


def load_catalogue(path: Path, pack: JurisdictionPack) -> ServiceCatalogue:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CatalogueError(path.name, [f"is not valid YAML: {exc}"]) from None
    return read_catalogue(data, pack, path.name)


@lru_cache(maxsize=8)
def _cached(pack: JurisdictionPack, path: Path) -> ServiceCatalogue:
    return load_catalogue(path, pack)


def get_catalogue() -> ServiceCatalogue:
    """The catalogue of the configured jurisdiction (cached per pack object)."""
    return _cached(get_pack(), CATALOGUE_FILE)


def service_label(code: str) -> str:
    return get_catalogue().label(code)
