"""The period a figure covers: a year, a quarter or any date range, and the same span a year
earlier for comparison."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

MIN_YEAR, MAX_YEAR = 1990, 2100


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        start = date(year, 3 * quarter - 2, 1)
        return cls(start, start + relativedelta(months=3, days=-1))

    def year_before(self) -> Period:
        return Period(self.start - relativedelta(years=1), self.end - relativedelta(years=1))

    @property
    def label(self) -> str:
        whole_year = (self.start.month, self.start.day, self.end.month, self.end.day) == (
            1,
            1,
            12,
            31,
        )
        if whole_year and self.start.year == self.end.year:
            return str(self.start.year)
        quarter_end = self.start + relativedelta(months=3, days=-1)
        if self.start.day == 1 and self.start.month % 3 == 1 and self.end == quarter_end:
            return f"{self.start.year} Q{(self.start.month + 2) // 3}"
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


def _year(raw: str, field: str) -> int:
    if not raw.strip().isdigit() or not MIN_YEAR <= int(raw) <= MAX_YEAR:
        raise ValidationError(
            {
                field: [
                    _("Give a year between %(low)s and %(high)s.")
                    % {"low": MIN_YEAR, "high": MAX_YEAR}
                ]
            }
        )
    return int(raw)


def _day(raw: str, field: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ValidationError({field: [_("Give a date as YYYY-MM-DD.")]}) from None


def parse_period(params: Mapping[str, str]) -> Period:
    """A period from ``year`` (+ optional ``quarter`` 1-4) or from ``start`` and ``end``.

    Without any of them: the last full year. Bad values raise ValidationError naming the field.
    """
    start, end = params.get("start") or "", params.get("end") or ""
    if start or end:
        if not start:
            raise ValidationError({"start": [_("Give the first day of the period.")]})
        if not end:
            raise ValidationError({"end": [_("Give the last day of the period.")]})
        first, last = _day(start, "start"), _day(end, "end")
        if last < first:
            raise ValidationError({"end": [_("The period cannot end before it starts.")]})
        if first.year < MIN_YEAR or last.year > MAX_YEAR:
            raise ValidationError({"start": [_("The period must lie between 1990 and 2100.")]})
        return Period(first, last)
    raw_year = params.get("year") or ""
    year = _year(raw_year, "year") if raw_year else timezone.localdate().year - 1
    raw_quarter = (params.get("quarter") or "").strip()
    if raw_quarter:
        if raw_quarter not in {"1", "2", "3", "4"}:
            raise ValidationError({"quarter": [_("Choose a quarter from 1 to 4.")]})
        return Period.quarter(year, int(raw_quarter))
    return Period.year(year)
