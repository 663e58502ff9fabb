"""Loading jurisdiction packs: the country-specific law, regions, agencies and calendar as data.

``load_pack(folder)`` reads and validates one pack; ``get_pack()`` returns the pack named by
``settings.PALERMO_JURISDICTION``, cached for the life of the process.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from palermo.jurisdictions.calendar import WorkingCalendar
from palermo.jurisdictions.checker import LANGUAGE_RE, Checker, Node, kind_of, quote
from palermo.jurisdictions.errors import MissingPackSection, PackError, Problem, gettext_noop
from palermo.jurisdictions.model import (
    AgencyEntry,
    AgencyKind,
    Deadline,
    JurisdictionPack,
    LegalBasis,
    Region,
    StatusDecisionRules,
)
from palermo.jurisdictions.screening import ScreeningOutcome, ScreeningScheme
from palermo.jurisdictions.sections import (
    read_agencies,
    read_agency_kinds,
    read_calendar,
    read_deadlines,
    read_legal_bases,
    read_regions,
)
from palermo.jurisdictions.sections_care import read_child_protection, read_medical_care
from palermo.jurisdictions.sections_casefile import read_case_flags
from palermo.jurisdictions.sections_cases import read_screening, read_status_decisions
from palermo.jurisdictions.sections_compensation import read_compensation
from palermo.jurisdictions.sections_ctdc import read_ctdc_export
from palermo.jurisdictions.sections_justice import read_justice
from palermo.jurisdictions.sections_referrals import read_referrals
from palermo.jurisdictions.sections_registries import read_registries
from palermo.jurisdictions.sections_retention import read_retention
from palermo.jurisdictions.sections_shelters import read_shelters
from palermo.jurisdictions.sections_stats import read_disclosure, read_statistics
from palermo.jurisdictions.text import Text
from palermo.jurisdictions.yamlfile import YamlSyntaxError, read_yaml

__all__ = [
    "SHIPPED_PACKS",
    "AgencyEntry",
    "AgencyKind",
    "Deadline",
    "JurisdictionPack",
    "LegalBasis",
    "MissingPackSection",
    "PackError",
    "Problem",
    "Region",
    "ScreeningOutcome",
    "ScreeningScheme",
    "StatusDecisionRules",
    "Text",
    "WorkingCalendar",
    "clear_pack_cache",
    "find_pack_folder",
    "get_pack",
    "load_pack",
    "optional_pack_section",
    "pack_section",
]

T = TypeVar("T")

SHIPPED_PACKS = Path(__file__).resolve().parent / "packs"
MAIN_FILE = "pack.yaml"
REQUIRED = (
    "code", "country", "reference_prefix", "name",
    "regions", "agency_kinds", "agencies", "legal_bases", "deadlines", "calendar",
)  # fmt: skip
OPTIONAL = (
    "languages", "timezone", "screening", "status_decisions", "registries", "shelters", "justice",
    "disclosure", "statistics",
    "ctdc_export",
    "retention",
    "medical_care",
    "child_protection",
    "compensation",
    "referrals",
    "case_flags",
)  # fmt: skip
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
PREFIX_RE = re.compile(r"^[A-Z0-9]{1,10}$")


def load_pack(path: Path) -> JurisdictionPack:
    """Read and validate the pack in folder ``path`` (or whose ``pack.yaml`` is ``path``).

    Raises :class:`PackError` listing every problem found, each with its file and key path.
    """
    folder = path.parent if path.is_file() else path
    ck = Checker()
    sections, complete = _read_sections(ck, folder)
    pack = _build(ck, sections, folder.name, complete)
    if ck.problems or pack is None:
        raise PackError(folder.name, ck.problems)
    return pack


def _read_sections(ck: Checker, folder: Path) -> tuple[dict[str, Node], bool]:
    """The top-level sections of every ``*.yaml`` file in ``folder`` (``pack.yaml`` first).

    The second value is False when a file could not be parsed: then a "missing" section may just
    be in that file, and is not reported.
    """
    main = folder / MAIN_FILE
    if not main.is_file():
        ck.problems.append(
            Problem(str(folder), "", gettext_noop("has no %(file)s"), {"file": MAIN_FILE})
        )
        return {}, False
    sections: dict[str, Node] = {}
    complete = True
    for stray in sorted(folder.glob("*.yml")):
        # Silently skipping it would leave its sections "missing" with no hint why.
        template = gettext_noop("would be ignored: pack files must end in .yaml")
        ck.problems.append(Problem(stray.name, "", template))
    for file in [main, *sorted(p for p in folder.glob("*.yaml") if p.name != MAIN_FILE)]:
        root = _parse(ck, file)
        if root is None:
            complete = False
        elif root.value is not None:
            _add_sections(ck, root, sections)
    return sections, complete


def _parse(ck: Checker, file: Path) -> Node | None:
    try:
        parsed = read_yaml(file)
    except YamlSyntaxError as exc:
        ck.problems.append(
            Problem(
                exc.name,
                "",
                gettext_noop("is not valid YAML: %(detail)s"),
                {"detail": exc.detail},
                exc.line,
            )
        )
        return None
    except (OSError, UnicodeDecodeError) as exc:
        ck.problems.append(
            Problem(file.name, "", gettext_noop("cannot be read: %(detail)s"), {"detail": str(exc)})
        )
        return None
    for duplicate in parsed.duplicates:
        ck.problems.append(
            Problem(
                parsed.name,
                "",
                gettext_noop("repeats the key %(key)s"),
                {"key": quote(duplicate.key)},
                duplicate.line,
            )
        )
    return Node(parsed.data, parsed.name, "", 1)


def _add_sections(ck: Checker, root: Node, sections: dict[str, Node]) -> None:
    if not isinstance(root.value, dict):
        ck.report(
            root,
            gettext_noop("must be a mapping of sections, not %(kind)s"),
            kind=kind_of(root.value),
        )
        return
    for key in root.value:
        node = root.child(key)
        if key not in (*REQUIRED, *OPTIONAL):
            ck.report(
                node.with_path(""),
                gettext_noop("has an unknown section %(key)s (known: %(known)s)"),
                key=quote(key),
                known=", ".join((*REQUIRED, *OPTIONAL)),
            )
        elif key in sections:
            ck.report(
                node.with_path(""),
                gettext_noop("defines the section %(key)s again (first in %(other)s)"),
                key=quote(key),
                other=sections[key].file,
            )
        else:
            sections[key] = node


def _build(
    ck: Checker, sections: dict[str, Node], folder: str, complete: bool
) -> JurisdictionPack | None:
    if complete:
        for key in REQUIRED:
            if key not in sections:
                ck.problems.append(
                    Problem(
                        MAIN_FILE,
                        "",
                        gettext_noop("is missing the section %(key)s"),
                        {"key": quote(key)},
                    )
                )

    def read(key: str, reader: Callable[[Node], T | None]) -> T | None:
        return reader(sections[key]) if key in sections else None

    code = read("code", ck.code)
    if code and code != folder:
        ck.report(
            sections["code"],
            gettext_noop("%(value)s must equal the pack's folder name %(folder)s"),
            value=quote(code),
            folder=quote(folder),
        )
    country = read("country", lambda n: ck.string(n, COUNTRY_RE))
    prefix = read("reference_prefix", lambda n: ck.string(n, PREFIX_RE))
    languages = read("languages", lambda n: _languages(ck, n))
    if languages:
        ck.languages = languages
    names = read("name", ck.text)
    timezone = read("timezone", lambda n: _timezone(ck, n))
    regions = read("regions", lambda n: read_regions(ck, n, country))
    kinds = read("agency_kinds", lambda n: read_agency_kinds(ck, n))
    agencies = read("agencies", lambda n: read_agencies(ck, n, regions, kinds))
    bases = read("legal_bases", lambda n: read_legal_bases(ck, n))
    deadlines = read("deadlines", lambda n: read_deadlines(ck, n, bases))
    calendar = read("calendar", lambda n: read_calendar(ck, n))
    screening = read("screening", lambda n: read_screening(ck, n, bases))
    decisions = read("status_decisions", lambda n: read_status_decisions(ck, n, kinds, bases))
    registries = read("registries", lambda n: read_registries(ck, n, kinds, bases, deadlines))
    shelters = read("shelters", lambda n: read_shelters(ck, n, kinds, bases))
    justice = read("justice", lambda n: read_justice(ck, n, kinds, bases))
    disclosure = read("disclosure", lambda n: read_disclosure(ck, n, bases))
    statistics = read("statistics", lambda n: read_statistics(ck, n, kinds))
    ctdc_export = read("ctdc_export", lambda n: read_ctdc_export(ck, n, bases))
    retention = read("retention", lambda n: read_retention(ck, n, bases))
    medical_care = read("medical_care", lambda n: read_medical_care(ck, n, bases))
    child_protection = read("child_protection", lambda n: read_child_protection(ck, n, bases))
    compensation = read("compensation", lambda n: read_compensation(ck, n, bases))
    referral_rules = read("referrals", lambda n: read_referrals(ck, n))
    case_flags = read("case_flags", lambda n: read_case_flags(ck, n))
    if (
        ck.problems or code is None or country is None or prefix is None or names is None
        or regions is None or kinds is None or agencies is None or bases is None
        or deadlines is None or calendar is None
    ):  # fmt: skip
        return None
    return JurisdictionPack(
        code=code, country=country, reference_prefix=prefix, names=names,
        languages=ck.languages, timezone=timezone, regions_by_code=regions,
        agency_kinds_by_code=kinds, agencies_by_code=agencies, legal_bases_by_key=bases,
        deadlines_by_key=deadlines, calendar=calendar, screening=screening,
        status_decisions=decisions, registries=registries, shelters=shelters, justice=justice,
        disclosure=disclosure, statistics=statistics,
        ctdc_export=ctdc_export,
        retention=retention,
        medical_care=medical_care,
        child_protection=child_protection,
        compensation=compensation,
        referrals=referral_rules,
        case_flags=case_flags,
    )  # fmt: skip


def _languages(ck: Checker, node: Node) -> tuple[str, ...] | None:
    found: list[str] = []
    for item in ck.items(node):
        lang = ck.string(item, LANGUAGE_RE)
        if lang and lang in found:
            ck.report(item, gettext_noop("repeats the language %(value)s"), value=quote(lang))
        elif lang:
            found.append(lang)
    if isinstance(node.value, list) and "en" not in found:
        # English is the fallback for every translated string, so it cannot be left out.
        ck.report(node, gettext_noop("must include 'en'"))
    return tuple(found) or None


def _timezone(ck: Checker, node: Node) -> str | None:
    name = ck.string(node)
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        ck.report(node, gettext_noop("%(value)s is not a known time zone"), value=quote(name))
        return None
    return name


def pack_folders() -> list[Path]:
    """Where packs are looked for: ``settings.PALERMO_JURISDICTION_DIRS`` first (so a site can
    ship its own version of a pack), then the packs shipped with Palermo."""
    from django.conf import settings

    extra: Sequence[str | Path] = getattr(settings, "PALERMO_JURISDICTION_DIRS", None) or ()
    return [*(Path(folder) for folder in extra), SHIPPED_PACKS]


def find_pack_folder(name: str, folders: Sequence[Path]) -> Path:
    for folder in folders:
        if (folder / name / MAIN_FILE).is_file():
            return folder / name
    searched = ", ".join(str(folder) for folder in folders)
    raise PackError(
        name,
        [
            Problem(
                name,
                "",
                gettext_noop("is not a pack in any of: %(folders)s"),
                {"folders": searched},
            )
        ],
    )


def configured_pack_name() -> str:
    from django.conf import settings

    return str(getattr(settings, "PALERMO_JURISDICTION", None) or "belarus")


@lru_cache(maxsize=8)
def _cached(name: str, folders: tuple[Path, ...]) -> JurisdictionPack:
    return load_pack(find_pack_folder(name, folders))


def get_pack() -> JurisdictionPack:
    """The configured jurisdiction's pack, loaded once per process and per configuration.

    The cache key includes the settings, so ``override_settings`` in tests picks another pack
    without clearing anything; a pack edited on disk needs :func:`clear_pack_cache`.
    """
    return _cached(configured_pack_name(), tuple(pack_folders()))


def clear_pack_cache() -> None:
    _cached.cache_clear()


def pack_section(name: str, kind: type[T]) -> T:
    """The configured pack's section ``name`` (e.g. ``pack_section("justice", JusticeRules)``).

    Every app reads its section this way; a pack that lacks it raises
    :class:`MissingPackSection` naming the pack and the section.
    """
    return get_pack().section(name, kind)


def optional_pack_section(name: str, kind: type[T]) -> T | None:
    """The section, or None when the pack leaves the feature out on purpose."""
    return get_pack().optional_section(name, kind)
