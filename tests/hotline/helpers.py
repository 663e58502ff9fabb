from __future__ import annotations

from datetime import datetime
from typing import Any

from palermo.hotline.services import CallInput


def call_input(**overrides: Any) -> CallInput:
    values: dict[str, Any] = {
        "channel": "phone",
        "topic": "suspected_trafficking",
        "region": "BY-HM",
        "language": "ru",
        "outcome": "open",
        "consent_contact": True,
        "consent_share": True,
        "consent_register": True,
        "caller_name": "Алеся Церашкова",
        "caller_contact": "+375 29 555-12-34",
        "summary": "Sister recruited as a waitress in Moscow, passport taken.",
    }
    values.update(overrides)
    return CallInput(**values)


def at(year: int, month: int, day: int = 10) -> datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime(year, month, day, 12, 0))
