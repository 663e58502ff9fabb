"""Working days in Belarus: weekends, public holidays, Radunitsa and the yearly transfers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.easter import EASTER_ORTHODOX, easter

from palermo.jurisdictions.calendar import FixedHoliday, WorkingCalendar
from palermo.jurisdictions.pack import SHIPPED_PACKS, load_pack
from palermo.jurisdictions.text import Text


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    return load_pack(SHIPPED_PACKS / "belarus").calendar


@pytest.mark.parametrize(
    "radunitsa", [date(2024, 5, 14), date(2025, 4, 29), date(2026, 4, 21)], ids=str
)
def test_radunitsa_is_nine_days_after_orthodox_easter(
    calendar: WorkingCalendar, radunitsa: date
) -> None:
    assert radunitsa == easter(radunitsa.year, EASTER_ORTHODOX) + timedelta(days=9)
    assert calendar.holidays(radunitsa.year, "en")[radunitsa] == "Radunitsa"
    assert calendar.holidays(radunitsa.year, "be")[radunitsa] == "Радаўніца"
    assert not calendar.is_working_day(radunitsa)


def test_fixed_holidays_of_a_year(calendar: WorkingCalendar) -> None:
    days = calendar.holidays(2026)
    assert [(d.month, d.day) for d in days] == [
        (1, 1), (1, 2), (1, 7), (3, 8), (4, 21), (5, 1), (5, 9), (7, 3), (11, 7), (12, 25),
    ]  # fmt: skip
    assert days[date(2026, 7, 3)] == "Independence Day"


def test_second_of_january_is_a_holiday_only_since_2020(calendar: WorkingCalendar) -> None:
    assert calendar.is_working_day(date(2019, 1, 2))
    assert not calendar.is_working_day(date(2020, 1, 2))


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 3, 13), 1, date(2026, 3, 16)),  # Friday → Monday over the weekend
        (date(2026, 3, 11), 5, date(2026, 3, 18)),  # a full working week
        (date(2026, 1, 6), 1, date(2026, 1, 8)),  # over 7 January (Orthodox Christmas)
        (date(2026, 4, 20), 1, date(2026, 4, 22)),  # over Radunitsa, Tue 21 April 2026
        (date(2024, 5, 13), 1, date(2024, 5, 15)),  # over Radunitsa, Tue 14 May 2024
        (date(2025, 12, 31), 1, date(2026, 1, 5)),  # over 1-2 January and the weekend
        (date(2026, 7, 2), 1, date(2026, 7, 6)),  # Independence Day on a Friday
        (date(2026, 1, 8), -1, date(2026, 1, 6)),  # backwards over 7 January
        (date(2026, 3, 16), -1, date(2026, 3, 13)),  # backwards over the weekend
        (date(2026, 1, 7), 0, date(2026, 1, 7)),  # zero days: the start, even on a holiday
    ],
    ids=str,
)
def test_add_working_days(calendar: WorkingCalendar, start: date, n: int, expected: date) -> None:
    assert calendar.add_working_days(start, n) == expected


def test_transferred_working_days_of_2025(calendar: WorkingCalendar) -> None:
    # Monday 6 January 2025 was given off and worked on Saturday 11 January instead.
    assert not calendar.is_working_day(date(2025, 1, 6))
    assert calendar.is_working_day(date(2025, 1, 11))
    assert calendar.add_working_days(date(2025, 1, 3), 1) == date(2025, 1, 8)
    assert calendar.add_working_days(date(2025, 1, 10), 1) == date(2025, 1, 11)


def test_overrides_win_over_weekends_and_holidays() -> None:
    names = Text({"en": "x"})
    calendar = WorkingCalendar(
        weekend=frozenset({5, 6}),
        fixed_holidays=(FixedHoliday("day", 6, 1, names),),
        extra_days_off={date(2026, 6, 2): names},  # Tuesday after a Monday holiday
        extra_working_days={date(2026, 6, 6): names},  # the Saturday that pays for it
    )
    # Fri 29 May + 1: Mon 1 June holiday, Tue 2 June off, so Wednesday.
    assert calendar.add_working_days(date(2026, 5, 29), 1) == date(2026, 6, 3)
    # Fri 5 June + 1: Saturday 6 June is a working day.
    assert calendar.add_working_days(date(2026, 6, 5), 1) == date(2026, 6, 6)
    assert calendar.working_days_between(date(2026, 5, 29), date(2026, 6, 8)) == 5


def test_working_days_between_counts_what_add_working_days_adds(
    calendar: WorkingCalendar,
) -> None:
    start = date(2025, 12, 20)
    for offset in range(0, 40):
        a = start + timedelta(days=offset)
        for n in (0, 1, 3, 10):
            assert calendar.working_days_between(a, calendar.add_working_days(a, n)) == n
    assert calendar.working_days_between(date(2026, 1, 8), date(2026, 1, 6)) == -1


def test_a_calendar_without_working_days_is_refused() -> None:
    with pytest.raises(ValueError, match="weekend"):
        WorkingCalendar(weekend=frozenset(range(7)))
