"""Models of the compensation app: the State Compensation Fund's double-entry ledger and the
compensation claims of victims within criminal proceedings (CPC ch. 48).

Ledger rows are append-only: a transaction and its entries are never changed or deleted (the
models, their querysets and, on the database, triggers refuse it). A correction is a new
transaction that reverses the old one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Agency
from palermo.justice.compensation.vocab import (
    AccountCode,
    AccountKind,
    Payer,
    Side,
    TransactionKind,
)
from palermo.registries.models import InvolvedOrganisation

MONEY_DIGITS = 16
MONEY_PLACES = 2
CENT = Decimal("0.01")
DOCUMENT_LENGTH = 200
TEXT_LENGTH = 2000


class LedgerImmutableError(Exception):
    """Code tried to change or delete a ledger row: corrections are new (reversing) entries."""


def _refuse(what: str) -> NoReturn:
    raise LedgerImmutableError(
        f"The fund's ledger is append-only: {what} is refused. Record a reversal instead."
    )


class AppendOnlyQuerySet(models.QuerySet[Any]):
    # Bulk writes bypass Model.save()/delete(), so they are refused here as well.
    def update(self, **kwargs: Any) -> NoReturn:
        _refuse("updating ledger rows")

    def delete(self) -> NoReturn:
        _refuse("deleting ledger rows")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("bulk-updating ledger rows")


class AppendOnly(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse(f"changing {self._meta.label} #{self.pk}")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse(f"deleting {self._meta.label} #{self.pk}")


class Account(models.Model):
    """An account of the fund's chart of accounts (see vocab.AccountCode)."""

    code = models.CharField(_("code"), max_length=40, unique=True, choices=AccountCode.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=AccountKind.choices)

    class Meta:
        verbose_name = _("fund account")
        verbose_name_plural = _("fund accounts")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(AccountCode(self.code).label)

    @property
    def increases_with_debit(self) -> bool:
        return self.kind in (AccountKind.ASSET, AccountKind.EXPENSE)


class FundTransaction(AppendOnly):
    """One business event of the fund: a receipt, a payment to a victim, a grant, a reversal."""

    kind = models.CharField(_("kind"), max_length=20, choices=TransactionKind.choices)
    occurred_on = models.DateField(_("value date"), db_index=True)
    amount = models.DecimalField(_("amount"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    currency = models.CharField(_("currency"), max_length=3)
    document_reference = models.CharField(_("document"), max_length=DOCUMENT_LENGTH)
    description = models.TextField(_("description"), blank=True)
    legal_basis_key = models.CharField(max_length=80)
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    # What the money came from or went to.
    organisation = models.ForeignKey(
        InvolvedOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_transactions",
        verbose_name=_("organisation"),
    )
    grantee = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_grants",
        verbose_name=_("receiving agency"),
    )
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_for = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("fund transaction")
        verbose_name_plural = _("fund transactions")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fund_txn_amount_gt_0"),
            models.CheckConstraint(
                condition=models.Q(kind__in=TransactionKind.values), name="fund_txn_kind_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=TransactionKind.RECEIPT)
                | models.Q(organisation__isnull=False),
                name="fund_receipt_has_organisation",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=TransactionKind.GRANT) | models.Q(grantee__isnull=False),
                name="fund_grant_has_grantee",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=TransactionKind.REVERSAL)
                | models.Q(reverses__isnull=False),
                name="fund_reversal_names_original",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"FT-{self.pk:06d}" if self.pk else "FT-new"

    @property
    def is_reversed(self) -> bool:
        return FundTransaction.objects.filter(reverses_id=self.pk).exists()


class Entry(AppendOnly):
    """One line of a transaction: an amount debited or credited to an account."""

    transaction = models.ForeignKey(
        FundTransaction, on_delete=models.PROTECT, related_name="entries"
    )
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    side = models.CharField(_("side"), max_length=6, choices=Side.choices)
    amount = models.DecimalField(_("amount"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    currency = models.CharField(_("currency"), max_length=3)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["transaction_id", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fund_entry_amount_gt_0"),
            models.CheckConstraint(
                condition=models.Q(side__in=Side.values), name="fund_entry_side_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.side} {self.account.code} {self.amount} {self.currency}"

    @property
    def signed_amount(self) -> Decimal:
        """The amount as it moves the account's balance (+ increases it)."""
        increases = (self.side == Side.DEBIT) == self.account.increases_with_debit
        return self.amount if increases else -self.amount


# --- Compensation claims within criminal proceedings (CPC ch. 48) -------------------------------


def _money_field(label: Any) -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(
        label, max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, default=Decimal("0.00")
    )


class Claim(models.Model):
    """A victim's claim for compensation of moral and material damage in criminal proceedings."""

    participant = models.OneToOneField(
        "justice.Participant",
        on_delete=models.PROTECT,
        related_name="compensation_claim",
        verbose_name=_("victim"),
    )
    proceedings = models.ForeignKey(
        "justice.Proceedings",
        on_delete=models.PROTECT,
        related_name="compensation_claims",
        verbose_name=_("criminal proceedings"),
    )
    filed_on = models.DateField(_("claim filed on"))
    moral_claimed = _money_field(_("moral damage claimed"))
    material_claimed = _money_field(_("material damage claimed"))
    currency = models.CharField(_("currency"), max_length=3)
    note = models.TextField(_("note"), blank=True)
    legal_basis_key = models.CharField(max_length=80)
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: an amendment names the version it started from.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("compensation claim")
        verbose_name_plural = _("compensation claims")
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(moral_claimed__gte=0) & models.Q(material_claimed__gte=0),
                name="claim_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"CL-{self.pk:06d}" if self.pk else "CL-new"

    @property
    def total_claimed(self) -> Decimal:
        return self.moral_claimed + self.material_claimed


class Award(models.Model):
    """The court's award on a claim: moral and material damage, each separately."""

    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="award")
    awarded_on = models.DateField(_("date of the judgment"))
    court = models.CharField(_("court"), max_length=DOCUMENT_LENGTH)
    judgment_reference = models.CharField(_("judgment"), max_length=DOCUMENT_LENGTH)
    moral_awarded = _money_field(_("moral damage awarded"))
    material_awarded = _money_field(_("material damage awarded"))
    currency = models.CharField(_("currency"), max_length=3)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("court award")
        verbose_name_plural = _("court awards")
        ordering = ["-awarded_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(moral_awarded__gte=0) & models.Q(material_awarded__gte=0),
                name="award_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.judgment_reference

    @property
    def total_awarded(self) -> Decimal:
        return self.moral_awarded + self.material_awarded


class Payment(models.Model):
    """Money paid on an award, by the offender or from the fund (then with its ledger transaction).

    A payment from the fund whose transaction is reversed no longer counts as paid.
    """

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="payments")
    payer = models.CharField(_("paid by"), max_length=10, choices=Payer.choices)
    paid_on = models.DateField(_("paid on"))
    moral_amount = _money_field(_("moral damage paid"))
    material_amount = _money_field(_("material damage paid"))
    currency = models.CharField(_("currency"), max_length=3)
    document_reference = models.CharField(_("document"), max_length=DOCUMENT_LENGTH)
    fund_transaction = models.OneToOneField(
        FundTransaction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="victim_payment",
        verbose_name=_("fund transaction"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("compensation payment")
        verbose_name_plural = _("compensation payments")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(moral_amount__gte=0)
                & models.Q(material_amount__gte=0)
                & (models.Q(moral_amount__gt=0) | models.Q(material_amount__gt=0)),
                name="payment_amounts_positive",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(payer=Payer.FUND, fund_transaction__isnull=False)
                    | models.Q(payer=Payer.OFFENDER, fund_transaction__isnull=True)
                ),
                name="payment_fund_has_transaction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.total} {self.currency}"

    @property
    def total(self) -> Decimal:
        return self.moral_amount + self.material_amount
