"""Helpers shared by the justice services."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.core.errors import ConflictError
from palermo.justice.access import works_on
from palermo.justice.models import Proceedings

MAX_TEXT = 5000
Errors = dict[str, list[str]]


def add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def require_investigator(actor: Actor, proceedings: Proceedings) -> None:
    if not works_on(actor, proceedings):
        raise ValidationError(_("Only the investigating body can change these proceedings."))


def check_day(errors: Errors, name: str, day: date | None, *, required: bool = True) -> None:
    if day is None:
        if required:
            add(errors, name, _("Enter the date."))
        return
    if day > timezone.localdate():
        add(errors, name, _("The date cannot be in the future."))


def check_text(errors: Errors, name: str, value: str, limit: int = MAX_TEXT) -> None:
    if len(value) > limit:
        add(errors, name, _("At most %(n)d characters.") % {"n": limit})


def check_version(current: int, expected: int, what: str) -> None:
    if current != expected:
        raise ConflictError(
            _("Someone else saved this %(what)s while you were editing it. Reload and try again.")
            % {"what": what}
        )
