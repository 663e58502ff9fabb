"""Working days of a jurisdiction: weekends, public holidays and the government's day transfers.

Legal deadlines ("within 5 working days after ...") are counted with this calendar. Everything it
knows comes from the jurisdiction pack; nothing here is specific to one country.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType
from typing import Literal

from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

from palermo.jurisdictions.text import Text

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Movable feasts are given as an offset from Easter; these are the Easter reckonings we know.
EASTER_RULES: dict[str, Literal[1, 2, 3]] = {
    "orthodox_easter": EASTER_ORTHODOX,
    "western_easter": EASTER_WESTERN,
}


@dataclass(frozen=True)
class FixedHoliday:
    """A holiday on the same day every year, optionally only in a range of years."""

    key: str
    month: int
    day: int
    names: Text
    from_year: int | None = None
    to_year: int | None = None

    def date_in(self, year: int) -> date | None:
        if self.from_year is not None and year < self.from_year:
            return None
        if self.to_year is not None and year > self.to_year:
            return None
        try:
            return date(year, self.month, self.day)
        except ValueError:  # 29 February in a common year
            return None


@dataclass(frozen=True)
class MovableHoliday:
    """A holiday a fixed number of days from Easter (e.g. Radunitsa: Orthodox Easter + 9)."""

    key: str
    rule: str
    offset_days: int
    names: Text
    from_year: int | None = None
    to_year: int | None = None

    def date_in(self, year: int) -> date | None:
        if self.from_year is not None and year < self.from_year:
            return None
        if self.to_year is not None and year > self.to_year:
            return None
        return easter(year, EASTER_RULES[self.rule]) + timedelta(days=self.offset_days)


def _frozen(days: Mapping[date, Text] | None) -> Mapping[date, Text]:
    return MappingProxyType(dict(days or {}))


@dataclass(frozen=True, eq=False)
class WorkingCalendar:
    """Which days are working days, and date arithmetic in working days.

    ``weekend`` holds Python weekday numbers (Monday 0 ... Sunday 6). ``extra_days_off``
    and ``extra_working_days`` are one-off dates (a government transfers a working day to a
    Saturday to make a long weekend); they win over the weekly and holiday rules.
    """

    weekend: frozenset[int] = frozenset({5, 6})
    fixed_holidays: tuple[FixedHoliday, ...] = ()
    movable_holidays: tuple[MovableHoliday, ...] = ()
    extra_days_off: Mapping[date, Text] = field(default_factory=dict)
    extra_working_days: Mapping[date, Text] = field(default_factory=dict)
    _by_year: dict[int, dict[date, tuple[Text, ...]]] = field(
        default_factory=dict, init=False, repr=False
    )

    def __post_init__(self) -> None:
        if len(self.weekend) >= len(WEEKDAYS) or not self.weekend <= set(range(7)):
            raise ValueError("weekend must be a set of weekday numbers 0-6, leaving a working day")
        object.__setattr__(self, "extra_days_off", _frozen(self.extra_days_off))
        object.__setattr__(self, "extra_working_days", _frozen(self.extra_working_days))

    def with_transfers(
        self, days_off: Mapping[date, Text], working_days: Mapping[date, Text]
    ) -> WorkingCalendar:
        """This calendar plus more one-off transfers (those recorded in the product, not the pack)."""
        return WorkingCalendar(
            weekend=self.weekend,
            fixed_holidays=self.fixed_holidays,
            movable_holidays=self.movable_holidays,
            extra_days_off={**self.extra_days_off, **days_off},
            extra_working_days={**self.extra_working_days, **working_days},
        )

    def transfer_years(self) -> set[int]:
        """The years for which one-off transfers are known."""
        return {day.year for day in (*self.extra_days_off, *self.extra_working_days)}

    def _holiday_names(self, year: int) -> dict[date, tuple[Text, ...]]:
        # Computed once per year and kept: counting deadlines asks about the same years again and
        # again. Two feasts may fall on one day (Radunitsa can meet 9 May), so keep every name.
        cached = self._by_year.get(year)
        if cached is None:
            cached = {}
            holidays: tuple[FixedHoliday | MovableHoliday, ...] = (
                *self.fixed_holidays,
                *self.movable_holidays,
            )
            for holiday in holidays:
                day = holiday.date_in(year)
                if day is not None and day.year == year:
                    cached[day] = (*cached.get(day, ()), holiday.names)
            self._by_year[year] = cached
        return cached

    def holidays(self, year: int, lang: str | None = None) -> dict[date, str]:
        """The public holidays of ``year`` (without one-off transfers), date → localized name."""
        return {
            day: " / ".join(name.get(lang) for name in names)
            for day, names in sorted(self._holiday_names(year).items())
        }

    def is_holiday(self, day: date) -> bool:
        return day in self._holiday_names(day.year)

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off:
            return False
        return day.weekday() not in self.weekend and not self.is_holiday(day)

    def add_working_days(self, start: date, n: int) -> date:
        """The day on which ``n`` working days after ``start`` have passed.

        ``start`` itself is not counted (a report due "within 5 working days after the return" is
        due on ``add_working_days(return_date, 5)``); ``n == 0`` gives ``start``; negative ``n``
        counts backwards.
        """
        step = timedelta(days=1 if n >= 0 else -1)
        day = start
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Working days after ``a`` up to and including ``b``; negative when ``b`` is before ``a``.

        For ``n >= 0`` the inverse of :meth:`add_working_days`:
        ``working_days_between(a, add_working_days(a, n)) == n``.
        """
        if b < a:
            return -self.working_days_between(b, a)
        return sum(
            1 for offset in range(1, (b - a).days + 1) if self.is_working_day(a + timedelta(offset))
        )


def add_working_days(start: date, n: int) -> date:
    """``n`` working days after ``start`` in the calendar of the configured jurisdiction."""
    from palermo.jurisdictions.pack import get_pack  # the pack module imports this one

    return get_pack().calendar.add_working_days(start, n)


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day in the configured jurisdiction."""
    from palermo.jurisdictions.pack import get_pack

    return get_pack().calendar.is_working_day(day)


# Transfers recorded in the product (a national administrator enters next year's resolution
# without a deploy) are kept in the database by the workdays app, which installs the provider at
# start-up. This module stays free of the database so the pack checker and plain scripts work.
TransferOverlay = Callable[[], tuple[Mapping[date, Text], Mapping[date, Text]]]
_overlay: list[TransferOverlay] = []


def set_transfer_overlay(provider: TransferOverlay | None) -> None:
    """Installs (or with ``None`` removes) the source of recorded transfers."""
    _overlay.clear()
    if provider is not None:
        _overlay.append(provider)


def current_calendar() -> WorkingCalendar:
    """The configured pack's calendar with the transfers recorded in the product.

    Every deadline that the product computes uses this calendar, so a recorded transfer counts
    everywhere at once, in every process (the overlay is read from the database on each call).
    """
    from palermo.jurisdictions.pack import get_pack

    base = get_pack().calendar
    if not _overlay:
        return base
    days_off, working_days = _overlay[0]()
    if not days_off and not working_days:
        return base
    return base.with_transfers(days_off, working_days)


def current_due_date(deadline_key: str, start: date) -> date:
    """The due date of the pack's deadline ``deadline_key`` counted from ``start``."""
    from palermo.jurisdictions.pack import get_pack

    days = get_pack().deadline(deadline_key).working_days
    return current_calendar().add_working_days(start, days)


@dataclass(frozen=True)
class DeadlineShift:
    """A stored or shown due date that a newly recorded transfer moved."""

    object_type: str  # the model's label, e.g. "registries.touristreport"
    object_id: int
    label: str  # what the user calls the item, e.g. the report's number
    old_due: date
    new_due: date
    note: str = ""  # e.g. "no longer late"


# (calendar before, calendar after, first and last changed day) -> the items whose due date moved.
# Each app that stores or shows due dates registers one at start-up and updates its own rows.
DeadlineRecompute = Callable[[WorkingCalendar, WorkingCalendar, date, date], list[DeadlineShift]]
_recomputers: dict[str, DeadlineRecompute] = {}


def register_deadline_recompute(name: str, recompute: DeadlineRecompute) -> None:
    _recomputers[name] = recompute


def deadline_recomputers() -> list[DeadlineRecompute]:
    return [_recomputers[name] for name in sorted(_recomputers)]


def recompute_window_start(first_changed: date, working_days: int) -> date:
    """The earliest start date whose deadline of ``working_days`` can reach ``first_changed``.

    Generous on purpose (three calendar days per working day and a month for holidays): items
    that start before it cannot move; those after it are compared one by one.
    """
    return first_changed - timedelta(days=3 * working_days + 31)
