"""Vocabulary of compensation claims and the State Compensation Fund's ledger."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    ASSET = "asset", _("Asset")
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")


class AccountCode(models.TextChoices):
    """The fund's chart of accounts (fixed: accounts are created on first use)."""

    FUND_CASH = "fund_cash", _("Fund bank account")
    CONFISCATION_RECEIPTS = "confiscation_receipts", _("Receipts from confiscated property")
    VICTIM_PAYMENTS = "victim_payments", _("Payments to victims")
    GRANTS = "grants", _("Grants to programmes and organisations")


ACCOUNT_KINDS: dict[str, str] = {
    AccountCode.FUND_CASH: AccountKind.ASSET,
    AccountCode.CONFISCATION_RECEIPTS: AccountKind.INCOME,
    AccountCode.VICTIM_PAYMENTS: AccountKind.EXPENSE,
    AccountCode.GRANTS: AccountKind.EXPENSE,
}


class Side(models.TextChoices):
    DEBIT = "debit", _("Debit")
    CREDIT = "credit", _("Credit")


class TransactionKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt from confiscated property")
    VICTIM_PAYMENT = "victim_payment", _("Payment to a victim")
    GRANT = "grant", _("Grant to a programme or organisation")
    REVERSAL = "reversal", _("Reversal")


class Payer(models.TextChoices):
    OFFENDER = "offender", _("The convicted offender")
    FUND = "fund", _("The State Compensation Fund")


class DamageKind(models.TextChoices):
    MORAL = "moral", _("Moral damage")
    MATERIAL = "material", _("Material damage")
