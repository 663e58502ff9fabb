"""System check: the configured jurisdiction pack loads (``manage.py check``: jurisdictions.E001)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error
from django.utils.translation import gettext as _

from palermo.jurisdictions.pack import PackError, get_pack


def check_jurisdiction_pack(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        get_pack()
    except PackError as exc:
        return [
            Error(
                str(exc),
                hint=_(
                    "Fix the pack files listed above, or set PALERMO_JURISDICTION to another pack."
                ),
                id="jurisdictions.E001",
            )
        ]
    return []
