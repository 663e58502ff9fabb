"""Shared pieces of the compensation services: error collection, money and date checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.justice.compensation.models import CENT, MONEY_DIGITS, MONEY_PLACES
from palermo.justice.compensation.rules import rules

MAX_MONEY = Decimal(10) ** (MONEY_DIGITS - MONEY_PLACES)


class Errors:
    """Field -> messages, as every service raises them (forms and the API show them)."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)

    def text(self, name: str, value: str, max_length: int, missing: str | None = None) -> None:
        if not value:
            if missing:
                self.add(name, missing)
        elif len(value) > max_length:
            self.add(name, _("This can have at most %(n)d characters.") % {"n": max_length})

    def money(
        self, name: str, value: object, *, missing: str, allow_zero: bool = False
    ) -> Decimal | None:
        """An exact amount: a decimal with at most two places, > 0 (or >= 0 if allowed)."""
        if value is None or value == "":
            self.add(name, missing)
            return None
        if isinstance(value, float):  # never binary floating point for money
            value = str(value)
        try:
            amount = value if isinstance(value, Decimal) else Decimal(str(value))
        except (InvalidOperation, ValueError):
            self.add(name, _("Enter an amount such as 1250.50."))
            return None
        if not amount.is_finite():
            self.add(name, _("Enter an amount such as 1250.50."))
            return None
        if amount < 0 or (amount == 0 and not allow_zero):
            self.add(
                name,
                _("The amount cannot be negative.")
                if amount < 0
                else _("Enter an amount greater than zero."),
            )
            return None
        if amount != amount.quantize(CENT):
            self.add(name, _("Enter the amount with at most two decimal places."))
            return None
        if amount >= MAX_MONEY:
            self.add(name, _("This amount is too large."))
            return None
        return amount.quantize(CENT)

    def currency(self, name: str, value: str) -> str:
        code = (value or rules().currency).strip().upper()
        if code not in rules().currencies:
            self.add(
                name,
                _("The fund keeps its books in %(currencies)s.")
                % {"currencies": ", ".join(rules().currencies)},
            )
        return code

    def past_date(
        self,
        name: str,
        value: date | None,
        missing: str,
        *,
        today: date | None = None,
        not_before: date | None = None,
        not_before_message: str = "",
    ) -> None:
        today = today or timezone.localdate()
        if value is None:
            self.add(name, missing)
        elif value > today:
            self.add(name, _("This date cannot be in the future."))
        elif not_before is not None and value < not_before:
            self.add(name, not_before_message)


def clean_line(value: str | None) -> str:
    return " ".join((value or "").split())


def clean_block(value: str | None) -> str:
    return (value or "").strip()


def money_text(amount: Decimal, currency: str) -> str:
    return f"{amount:.2f} {currency}"
