"""Readers for each section of a pack: regions, agencies, legal bases, deadlines, calendar.

Each reader takes the section's :class:`Node`, reports problems to the :class:`Checker` and returns
what it could build. Cross-references are checked only against sections that exist (``None``
means "that section is missing or unreadable"), so one missing section does not drown the report
in follow-on errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import TypeVar

from palermo.jurisdictions.calendar import (
    EASTER_RULES,
    WEEKDAYS,
    FixedHoliday,
    MovableHoliday,
    WorkingCalendar,
)
from palermo.jurisdictions.checker import Checker, Node, quote
from palermo.jurisdictions.errors import gettext_noop
from palermo.jurisdictions.model import (
    HTCDS_ORGANISATION_TYPES,
    AgencyEntry,
    AgencyKind,
    Deadline,
    LegalBasis,
    Region,
)
from palermo.jurisdictions.text import Text

T = TypeVar("T")

REGION_RE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
# Deadlines every pack must define: the referral and identification processes use them in any
# country. Others (e.g. a tourist-agency report) exist only where a country's law sets them.
REQUIRED_DEADLINES = ("status_decision", "referral_response")


def optional(item: Node, key: str, read: Callable[[Node], T | None]) -> T | None:
    """Read ``item[key]`` with ``read`` when it is there (missing required keys are reported by
    :meth:`Checker.mapping`)."""
    return read(item.child(key)) if item.has(key) else None


def read_regions(ck: Checker, node: Node, country: str | None) -> dict[str, Region]:
    regions: dict[str, Region] = {}
    seen: dict[str, str] = {}
    for item in ck.items(node, non_empty=True):
        if not ck.mapping(item, required=("code", "name")):
            continue
        code = optional(item, "code", lambda n: ck.string(n, REGION_RE))
        if code and country and not code.startswith(f"{country}-"):
            ck.report(
                item.child("code"),
                gettext_noop("%(value)s is not an ISO 3166-2 code of %(country)s"),
                value=quote(code),
                country=country,
            )
            code = None
        names = optional(item, "name", ck.text)
        if code and ck.unique(item.child("code"), code, seen) and names:
            regions[code] = Region(code, names)
    return regions


def read_agency_kinds(ck: Checker, node: Node) -> dict[str, AgencyKind]:
    kinds: dict[str, AgencyKind] = {}
    seen: dict[str, str] = {}
    for item in ck.items(node, non_empty=True):
        if not ck.mapping(item, required=("code", "name"), optional=("htcds_type", "note")):
            continue
        code = optional(item, "code", ck.code)
        names = optional(item, "name", ck.text)
        htcds = optional(item, "htcds_type", lambda n: _htcds_type(ck, n))
        optional(item, "note", ck.string)  # for the pack's readers only
        if code and ck.unique(item.child("code"), code, seen) and names:
            kinds[code] = AgencyKind(code, names, htcds)
    return kinds


def _htcds_type(ck: Checker, node: Node) -> str | None:
    template = gettext_noop("%(value)s is not an HTCDS organisation type (%(allowed)s)")
    return ck.choice(node, HTCDS_ORGANISATION_TYPES, template)


def _reference(ck: Checker, node: Node, known: Mapping[str, T] | None, template: str) -> T | None:
    """Resolve a code against another section; report it when that section lacks it."""
    value = ck.string(node)
    if value is None or known is None:
        return None
    if value not in known:
        ck.report(node, template, value=quote(value))
        return None
    return known[value]


def read_agencies(
    ck: Checker,
    node: Node,
    regions: Mapping[str, Region] | None,
    kinds: Mapping[str, AgencyKind] | None,
) -> dict[str, AgencyEntry]:
    agencies: dict[str, AgencyEntry] = {}
    seen: dict[str, str] = {}
    parents: dict[str, Node] = {}
    fields = ("region", "short_name", "parent", "htcds_type", "note")
    for item in ck.items(node):
        if not ck.mapping(item, required=("code", "name", "kind"), optional=fields):
            continue
        code = optional(item, "code", ck.code)
        names = optional(item, "name", ck.text)
        kind = optional(
            item,
            "kind",
            lambda n: _reference(
                ck, n, kinds, gettext_noop("%(value)s is not an agency kind of this pack")
            ),
        )
        region = optional(
            item,
            "region",
            lambda n: _reference(
                ck, n, regions, gettext_noop("%(value)s is not a region of this pack")
            ),
        )
        short = optional(item, "short_name", ck.text)
        htcds = optional(item, "htcds_type", lambda n: _htcds_type(ck, n))
        parent = optional(item, "parent", ck.string)
        note = optional(item, "note", ck.string)
        if not (code and ck.unique(item.child("code"), code, seen)):
            continue
        if parent:
            parents[code] = item.child("parent")
        if names and kind:
            agencies[code] = AgencyEntry(code, names, kind, region, short, parent, htcds, note)
    _check_parents(ck, parents, seen)
    return agencies


def _check_parents(ck: Checker, parents: Mapping[str, Node], codes: Mapping[str, str]) -> None:
    for code, node in parents.items():
        if node.value not in codes:
            ck.report(
                node,
                gettext_noop("%(value)s is not an agency of this pack"),
                value=quote(node.value),
            )
            continue
        chain, current = [code], str(node.value)
        while current in parents and current not in chain:
            chain.append(current)
            current = str(parents[current].value)
        if current == code:
            ck.report(
                node,
                gettext_noop("makes a cycle of parents: %(chain)s"),
                chain=" → ".join([*chain, code]),
            )


def read_legal_bases(ck: Checker, node: Node) -> dict[str, LegalBasis]:
    bases: dict[str, LegalBasis] = {}
    parts: dict[str, Node] = {}
    for key, item in ck.entries(node):
        if not ck.mapping(
            item, required=("kind", "citation", "title"), optional=("part_of", "note")
        ):
            continue
        kind = optional(item, "kind", ck.code)
        citations = optional(item, "citation", ck.text)
        titles = optional(item, "title", ck.text)
        part_of = optional(item, "part_of", ck.string)
        note = optional(item, "note", ck.string)
        if part_of:
            parts[key] = item.child("part_of")
        if kind and citations and titles:
            bases[key] = LegalBasis(key, kind, citations, titles, part_of, note)
    keys = node.value if isinstance(node.value, dict) else {}
    for key, part in parts.items():
        if part.value == key or part.value not in keys:
            ck.report(
                part,
                gettext_noop("%(value)s is not another legal basis of this pack"),
                value=quote(part.value),
            )
    return bases


def read_deadlines(
    ck: Checker, node: Node, bases: Mapping[str, LegalBasis] | None
) -> dict[str, Deadline]:
    deadlines: dict[str, Deadline] = {}
    for key, item in ck.entries(node):
        if not ck.mapping(
            item, required=("working_days", "legal_basis", "name"), optional=("description",)
        ):
            continue
        days = optional(item, "working_days", lambda n: ck.integer(n, 1, 366))
        basis = optional(
            item,
            "legal_basis",
            lambda n: _reference(
                ck, n, bases, gettext_noop("%(value)s is not a legal basis of this pack")
            ),
        )
        names = optional(item, "name", ck.text)
        description = optional(item, "description", ck.text)
        if days and basis and names:
            deadlines[key] = Deadline(key, days, basis, names, description)
    if isinstance(node.value, dict):
        for key in REQUIRED_DEADLINES:
            if key not in node.value:
                ck.report(
                    node,
                    gettext_noop("is missing the deadline %(key)s that every pack must define"),
                    key=quote(key),
                )
    return deadlines


def read_calendar(ck: Checker, node: Node) -> WorkingCalendar | None:
    lists = ("holidays", "movable_holidays", "extra_days_off", "extra_working_days")
    if not ck.mapping(node, required=("weekend",), optional=lists):
        return None
    weekend = _weekend(ck, node.child("weekend")) if node.has("weekend") else None
    keys: dict[str, str] = {}
    fixed = [h for item in _list(ck, node, "holidays") if (h := _fixed(ck, item, keys))]
    movable = [m for item in _list(ck, node, "movable_holidays") if (m := _movable(ck, item, keys))]
    if weekend is None:
        return None
    base = WorkingCalendar(weekend, tuple(fixed), tuple(movable))
    days_off = _overrides(ck, _list(ck, node, "extra_days_off"), base, working=False)
    working = _overrides(ck, _list(ck, node, "extra_working_days"), base, working=True)
    for day in days_off.keys() & working.keys():
        ck.report(
            node,
            gettext_noop("%(value)s is both an extra day off and an extra working day"),
            value=day.isoformat(),
        )
    return WorkingCalendar(weekend, tuple(fixed), tuple(movable), days_off, working)


def _list(ck: Checker, node: Node, key: str) -> list[Node]:
    return list(ck.items(node.child(key))) if node.has(key) else []


def _weekend(ck: Checker, node: Node) -> frozenset[int] | None:
    days: set[int] = set()
    template = gettext_noop("%(value)s is not a weekday (%(allowed)s)")
    for item in ck.items(node):
        name = ck.choice(item, WEEKDAYS, template)
        if name is not None:
            days.add(WEEKDAYS.index(name))
    if len(days) == len(WEEKDAYS):
        ck.report(node, gettext_noop("lists every day of the week: nothing would be a working day"))
        return None
    return frozenset(days)


def _years(ck: Checker, item: Node) -> tuple[int | None, int | None]:
    low = optional(item, "from_year", lambda n: ck.integer(n, 1900, 2200))
    high = optional(item, "to_year", lambda n: ck.integer(n, 1900, 2200))
    if low and high and low > high:
        ck.report(
            item, gettext_noop("from_year %(low)s is after to_year %(high)s"), low=low, high=high
        )
    return low, high


def _holiday_key(ck: Checker, item: Node, keys: dict[str, str]) -> str | None:
    key = optional(item, "key", ck.code)
    return key if key and ck.unique(item.child("key"), key, keys) else None


def _fixed(ck: Checker, item: Node, keys: dict[str, str]) -> FixedHoliday | None:
    years = ("from_year", "to_year")
    if not ck.mapping(item, required=("key", "month", "day", "name"), optional=years):
        return None
    key = _holiday_key(ck, item, keys)
    month = optional(item, "month", lambda n: ck.integer(n, 1, 12))
    day = optional(item, "day", lambda n: ck.integer(n, 1, 31))
    names = optional(item, "name", ck.text)
    low, high = _years(ck, item)
    if month and day:
        try:
            date(2000, month, day)  # a leap year, so 29 February is allowed
        except ValueError:
            ck.report(
                item.child("day"),
                gettext_noop("%(value)s is not a day of month %(month)s"),
                value=day,
                month=month,
            )
            return None
    if key and month and day and names:
        return FixedHoliday(key, month, day, names, low, high)
    return None


def _movable(ck: Checker, item: Node, keys: dict[str, str]) -> MovableHoliday | None:
    fields = ("from_year", "to_year")
    if not ck.mapping(item, required=("key", "rule", "offset_days", "name"), optional=fields):
        return None
    key = _holiday_key(ck, item, keys)
    rule = optional(
        item,
        "rule",
        lambda n: ck.choice(
            n,
            EASTER_RULES,
            gettext_noop("%(value)s is not a rule for a movable holiday (%(allowed)s)"),
        ),
    )
    offset = item.child("offset_days")
    days = ck.integer(offset, -200, 200) if offset.value is not None else None
    names = optional(item, "name", ck.text)
    low, high = _years(ck, item)
    if key and rule and days is not None and names:
        return MovableHoliday(key, rule, days, names, low, high)
    return None


def _overrides(
    ck: Checker, items: list[Node], base: WorkingCalendar, *, working: bool
) -> dict[date, Text]:
    result: dict[date, Text] = {}
    seen: dict[str, str] = {}
    for item in items:
        if not ck.mapping(item, required=("date", "reason"), optional=("source",)):
            continue
        day = optional(item, "date", ck.day)
        reason = optional(item, "reason", ck.text)
        optional(item, "source", ck.string)
        if day is None or not ck.unique(item.child("date"), day.isoformat(), seen):
            continue
        if base.is_working_day(day) == working:
            template = (
                gettext_noop("%(value)s is already a working day")
                if working
                else gettext_noop("%(value)s is already a day off")
            )
            ck.report(item.child("date"), template, value=day.isoformat())
        elif reason:
            result[day] = reason
    return result
