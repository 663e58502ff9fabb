"""Shared pieces of the registry services: error collection and common field checks."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from palermo.accounts.actor import Actor
from palermo.registries.permissions import can_manage
from palermo.registries.rules import rules


class Errors:
    """Field -> messages, as every service raises them (the forms, API and imports show them)."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)

    def required_text(self, name: str, value: str, message: str, max_length: int) -> None:
        if not value:
            self.add(name, message)
        elif len(value) > max_length:
            self.add(name, _("This can have at most %(n)d characters.") % {"n": max_length})

    def optional_text(self, name: str, value: str, max_length: int) -> None:
        if len(value) > max_length:
            self.add(name, _("This can have at most %(n)d characters.") % {"n": max_length})

    def taxpayer_number(self, name: str, value: str, *, required: bool = True) -> None:
        if not value:
            if required:
                self.add(name, _("Enter the taxpayer number (UNP)."))
        elif not rules().taxpayer_number_ok(value):
            self.add(name, rules().taxpayer_number_error())

    def country(self, name: str, value: str, message: str) -> None:
        if not value:
            self.add(name, message)
        elif value not in dict(countries):
            self.add(name, _("'%(code)s' is not an ISO 3166 country code.") % {"code": value})

    def past_date(
        self, name: str, value: date | None, missing: str | None, today: date | None = None
    ) -> None:
        """A date that must be given (if ``missing`` is a message) and cannot be in the future."""
        today = today or timezone.localdate()
        if value is None:
            if missing:
                self.add(name, missing)
        elif value > today:
            self.add(name, _("This date cannot be in the future."))


def clean_line(value: str | None) -> str:
    """One line of text: surrounding and repeated whitespace removed."""
    return " ".join((value or "").split())


def clean_block(value: str | None) -> str:
    return (value or "").strip()


def require_manager(actor: Actor) -> None:
    if not can_manage(actor):
        raise ValidationError(_("Your role cannot change the registries."))


def save_new(obj: models.Model, *, field: str, message: str) -> None:
    """Inserts ``obj``; a unique number taken by a concurrent insert becomes a field error.

    The checks before the insert find numbers already saved; this catches the one saved by
    another transaction in between (the database's unique constraint decides).
    """
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise ValidationError({field: [message]}) from None
