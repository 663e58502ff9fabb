from __future__ import annotations

from datetime import date
from typing import Any

from palermo.prevention.services import ActivityInput


def activity_input(**overrides: Any) -> ActivityInput:
    values: dict[str, Any] = {
        "activity_type": "school_talk",
        "title": "Safe work abroad: talk at Secondary School No. 12",
        "region": "BY-HM",
        "starts_on": date(2025, 10, 3),
        "audiences": ["pupils", "teachers"],
        "items": 1,
        "reach": 120,
        "notes": "Two classes of the 11th form.",
    }
    values.update(overrides)
    return ActivityInput(**values)
