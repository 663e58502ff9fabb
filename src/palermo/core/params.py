"""Reading query-string parameters that reports share."""

from __future__ import annotations

from django.utils import timezone


def parse_year(value: str | None) -> int:
    """The year asked for in a report's ``?year=``; this year when absent or not a plausible year."""
    try:
        year = int(value or "")
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year
