"""Helpers shared by the referral services."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.core.errors import ConflictError

Errors = dict[str, list[str]]

MAX_NOTE = 5000


class ErrorList:
    """Collects field → messages and raises them all at once (nothing is written)."""

    def __init__(self) -> None:
        self.errors: Errors = {}

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)

    def text(self, name: str, value: str, *, required: bool = False, limit: int = MAX_NOTE) -> str:
        value = (value or "").strip()
        if required and not value:
            self.add(name, _("This field is required."))
        if len(value) > limit:
            self.add(
                name,
                _("This text can have at most %(limit)s characters.") % {"limit": f"{limit:,}"},
            )
        return value

    def past_date(self, name: str, value: date | None, *, required: bool = True) -> None:
        if value is None:
            if required:
                self.add(name, _("Enter a date."))
        elif value > timezone.localdate():
            self.add(name, _("This date cannot be in the future."))


def refuse(message: str) -> ValidationError:
    return ValidationError({"__all__": [message]})


def check_version(current: int, expected: int | None) -> None:
    """Refuses a change based on an outdated version (the row is locked by the caller)."""
    if expected is not None and current != expected:
        raise ConflictError(
            _(
                "Someone else changed this record while you were looking at it. Reload the page "
                "and try again."
            )
        )
