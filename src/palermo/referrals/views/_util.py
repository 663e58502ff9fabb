"""Helpers shared by the referral app's HTML views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from palermo.jurisdictions.pack import get_pack


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def error_dict(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": list(exc.messages)}


def error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(m for messages in error_dict(exc).values() for m in messages)
    return str(exc)


def region_name(code: str) -> str:
    region = get_pack().region(code)
    return region.name() if region else code


def cleaned(form: Any, name: str, default: Any = None) -> Any:
    data = getattr(form, "cleaned_data", None) or {}
    value = data.get(name, default)
    return default if value in (None, "") and default is not None else value
