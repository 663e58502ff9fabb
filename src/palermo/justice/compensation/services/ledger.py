"""The State Compensation Fund's double-entry ledger (seed 000 §3.2, seed 004 §64).

Every operation is one :class:`FundTransaction` with two or more entries whose debits equal their
credits in every currency. Nothing is ever changed or deleted: a correction is a reversal, a new
transaction with the original's entries on the opposite sides.

The fund's bank account can never go negative, at any date: money leaving it (a payment, a grant,
the reversal of a receipt) is checked against the lowest running balance from its value date
onwards, under a row lock on the account, so that two payments racing for the last money cannot
both succeed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency
from palermo.core.audit import record
from palermo.core.errors import ConflictError
from palermo.justice.compensation.access import can_manage_fund
from palermo.justice.compensation.models import (
    DOCUMENT_LENGTH,
    TEXT_LENGTH,
    Account,
    Entry,
    FundTransaction,
)
from palermo.justice.compensation.rules import basis, rules
from palermo.justice.compensation.services.common import (
    Errors,
    clean_block,
    clean_line,
    money_text,
)
from palermo.justice.compensation.vocab import (
    ACCOUNT_KINDS,
    AccountCode,
    Side,
    TransactionKind,
)
from palermo.registries.models import InvolvedOrganisation
from palermo.registries.vocab import OrganisationStage

ZERO = Decimal("0.00")
FUND_AGENCY_KIND = "compensation_fund"
MAX_STATEMENT_DAYS = 366 * 10


# --- Accounts and balances ---------------------------------------------------------------------


def ensure_accounts() -> dict[str, Account]:
    """The chart of accounts, created on first use (safe when two transactions race for it)."""
    Account.objects.bulk_create(
        [Account(code=code, kind=kind) for code, kind in ACCOUNT_KINDS.items()],
        ignore_conflicts=True,
    )
    return {a.code: a for a in Account.objects.all()}


def account(code: str) -> Account:
    return ensure_accounts()[code]


def _lock_cash() -> Account:
    """Locks the fund's bank account row: every change of its balance is serialised on it."""
    ensure_accounts()
    return Account.objects.select_for_update().get(code=AccountCode.FUND_CASH)


def _signed_total(entries: QuerySet[Entry], acc: Account) -> Decimal:
    totals = entries.aggregate(
        debit=Sum("amount", filter=Q(side=Side.DEBIT)),
        credit=Sum("amount", filter=Q(side=Side.CREDIT)),
    )
    debit, credit = totals["debit"] or ZERO, totals["credit"] or ZERO
    return debit - credit if acc.increases_with_debit else credit - debit


def balance(
    code: str = AccountCode.FUND_CASH, *, currency: str = "", on: date | None = None
) -> Decimal:
    """An account's balance in a currency, computed from its entries (up to and including ``on``)."""
    acc = account(code)
    entries = Entry.objects.filter(account=acc, currency=currency or rules().currency)
    if on is not None:
        entries = entries.filter(transaction__occurred_on__lte=on)
    return _signed_total(entries, acc)


def available_on(cash: Account, currency: str, on: date) -> Decimal:
    """What can leave the fund's bank account on ``on`` without making it negative at any date.

    A new transaction is the last of its value date, so it lowers the balance at the end of that
    day and every running balance after it: the lowest of those is what is available.
    """
    entries = Entry.objects.filter(account=cash, currency=currency)
    lowest = running = _signed_total(entries.filter(transaction__occurred_on__lte=on), cash)
    later = (
        entries.filter(transaction__occurred_on__gt=on)
        .order_by("transaction__occurred_on", "transaction_id", "id")
        .values_list("side", "amount")
    )
    for side, amount in later.iterator():
        running += amount if side == Side.DEBIT else -amount
        lowest = min(lowest, running)
    return lowest


def require_available(cash: Account, amount: Decimal, currency: str, on: date) -> None:
    """Refuses (ConflictError) money leaving the fund that would make its balance negative."""
    available = available_on(cash, currency, on)
    if amount > available:
        raise ConflictError(
            _(
                "The fund cannot pay %(amount)s on %(date)s: only %(available)s is available "
                "then (counting what is already recorded after that date). Its balance can "
                "never go negative."
            )
            % {
                "amount": money_text(amount, currency),
                "date": on.isoformat(),
                "available": money_text(max(available, ZERO), currency),
            }
        )


# --- Posting ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    account: str
    side: str
    amount: Decimal
    currency: str


def _check_balanced(lines: list[Line]) -> None:
    """The double-entry rule: >= 2 lines, amounts > 0, debits = credits in every currency."""
    if len(lines) < 2:
        raise ValueError("a fund transaction needs at least two entries")
    sums: dict[str, Decimal] = {}
    for line in lines:
        if line.amount <= 0 or line.side not in Side.values:
            raise ValueError(f"invalid ledger line {line}")
        sign = 1 if line.side == Side.DEBIT else -1
        sums[line.currency] = sums.get(line.currency, ZERO) + sign * line.amount
    unbalanced = {c: s for c, s in sums.items() if s != 0}
    if unbalanced:
        raise ValueError(f"the entries do not balance: {unbalanced}")


def _refuse_document_booked_twice(kind: str, document_reference: str) -> None:
    """A bank document or payment order books one movement of money: the same one again is a
    retried or mistaken entry. Checked under the cash lock, so two at once cannot both pass; a
    reversed transaction's document may be booked again (the correction)."""
    if kind not in rules().unique_document_kinds:
        return
    if (
        FundTransaction.objects.filter(kind=kind, document_reference__iexact=document_reference)
        .filter(reversed_by__isnull=True)
        .exists()
    ):
        raise ValidationError(
            {
                "document_reference": [
                    _("This document is already booked in the fund's ledger (%(document)s).")
                    % {"document": document_reference}
                ]
            }
        )


def _post(
    *,
    actor: Actor,
    kind: str,
    occurred_on: date,
    lines: list[Line],
    document_reference: str,
    description: str,
    legal_basis_key: str,
    organisation: InvolvedOrganisation | None = None,
    grantee: Agency | None = None,
    reverses: FundTransaction | None = None,
) -> FundTransaction:
    """Writes one balanced transaction and its entries. Callers validate and lock first."""
    _refuse_document_booked_twice(kind, document_reference)
    _check_balanced(lines)
    accounts = ensure_accounts()
    currencies = {line.currency for line in lines}
    if len(currencies) != 1:
        raise ValueError("one transaction moves one currency")
    txn = FundTransaction(
        kind=kind,
        occurred_on=occurred_on,
        amount=sum((line.amount for line in lines if line.side == Side.DEBIT), ZERO),
        currency=currencies.pop(),
        document_reference=document_reference,
        description=description,
        legal_basis_key=legal_basis_key,
        legal_basis=basis(legal_basis_key).citation,
        organisation=organisation,
        grantee=grantee,
        reverses=reverses,
        recorded_by=actor.user,
        recorded_for=actor.agency,
    )
    txn.save()
    for line in lines:
        Entry(
            transaction=txn,
            account=accounts[line.account],
            side=line.side,
            amount=line.amount,
            currency=line.currency,
        ).save()
    return txn


def _audit(action: str, actor: Actor, txn: FundTransaction, **extra: object) -> None:
    data: dict[str, object] = {
        "reference": txn.reference,
        "kind": txn.kind,
        "amount": str(txn.amount),
        "currency": txn.currency,
        "occurred_on": txn.occurred_on.isoformat(),
        "document": txn.document_reference,
        "legal_basis": txn.legal_basis,
    }
    data.update(extra)
    record(action, actor=actor, obj=txn, purpose="compensation fund", data=data)


def require_fund_manager(actor: Actor) -> None:
    if not can_manage_fund(actor):
        raise ValidationError(_("Your role cannot record transactions of the fund."))


# --- Receipts from confiscated property ---------------------------------------------------------


def receivable_organisations() -> QuerySet[InvolvedOrganisation]:
    """Organisations whose property was confiscated at liquidation (Law No. 350-Z, Art. 29)."""
    return InvolvedOrganisation.objects.filter(
        stage=OrganisationStage.LIQUIDATED, confiscated_amount__isnull=False
    ).order_by("name", "id")


def received_from(organisation: InvolvedOrganisation, currency: str) -> Decimal:
    """What the fund has received from an organisation's confiscated property (net of reversals)."""
    total = FundTransaction.objects.filter(
        kind=TransactionKind.RECEIPT,
        organisation=organisation,
        currency=currency,
        reversed_by__isnull=True,
    ).aggregate(total=Sum("amount"))["total"]
    return total or ZERO


@dataclass
class ReceiptInput:
    organisation_id: int | None = None
    amount: object = None
    currency: str = ""
    occurred_on: date | None = None
    document_reference: str = ""
    description: str = ""


@transaction.atomic
def do_record_receipt(
    *, actor: Actor, data: ReceiptInput, today: date | None = None
) -> FundTransaction:
    """Money from the sale of a liquidated organisation's confiscated property reaches the fund."""
    require_fund_manager(actor)
    errors = Errors()
    organisation = (
        receivable_organisations().filter(pk=data.organisation_id).first()
        if data.organisation_id
        else None
    )
    if organisation is None:
        errors.add(
            "organisation_id",
            _(
                "Choose an organisation that was liquidated with its property confiscated "
                "(the organisations registry records the amount at liquidation)."
            ),
        )
    amount = errors.money("amount", data.amount, missing=_("Enter the amount received."))
    currency = errors.currency("currency", data.currency)
    document = clean_line(data.document_reference)
    description = clean_block(data.description)
    errors.past_date(
        "occurred_on",
        data.occurred_on,
        _("Enter the date the money reached the fund's account."),
        today=today,
        not_before=organisation.liquidated_on if organisation else None,
        not_before_message=_("The money cannot arrive before the organisation was liquidated."),
    )
    errors.text(
        "document_reference",
        document,
        DOCUMENT_LENGTH,
        _("Enter the bank document (number and date) of the receipt."),
    )
    errors.text("description", description, TEXT_LENGTH)
    _lock_cash()  # receipts serialise with payments: statements see one order of events
    if (
        organisation is not None
        and amount is not None
        and organisation.confiscated_currency == currency
        and organisation.confiscated_amount is not None
    ):
        already = received_from(organisation, currency)
        if already + amount > organisation.confiscated_amount:
            errors.add(
                "amount",
                _(
                    "The registry records %(confiscated)s of confiscated property of this "
                    "organisation and %(received)s is already received: at most %(left)s "
                    "can still be received."
                )
                % {
                    "confiscated": money_text(organisation.confiscated_amount, currency),
                    "received": money_text(already, currency),
                    "left": money_text(organisation.confiscated_amount - already, currency),
                },
            )
    errors.raise_if_any()
    assert amount is not None and data.occurred_on is not None  # noqa: S101  (validated)
    txn = _post(
        actor=actor,
        kind=TransactionKind.RECEIPT,
        occurred_on=data.occurred_on,
        lines=[
            Line(AccountCode.FUND_CASH, Side.DEBIT, amount, currency),
            Line(AccountCode.CONFISCATION_RECEIPTS, Side.CREDIT, amount, currency),
        ],
        document_reference=document,
        description=description,
        legal_basis_key=rules().fund_basis,
        organisation=organisation,
    )
    _audit("compensation.fund_receipt_recorded", actor, txn, organisation=organisation.pk)  # type: ignore[union-attr]
    return txn


# --- Grants to counter-trafficking programmes and organisations ---------------------------------


def grantee_agencies() -> QuerySet[Agency]:
    """Agencies that can receive a grant: any active agency except the fund itself."""
    return Agency.objects.filter(is_active=True).exclude(kind=FUND_AGENCY_KIND).order_by("name")


@dataclass
class GrantInput:
    grantee_id: int | None = None
    amount: object = None
    currency: str = ""
    occurred_on: date | None = None
    document_reference: str = ""
    programme: str = ""


@transaction.atomic
def do_record_grant(
    *, actor: Actor, data: GrantInput, today: date | None = None
) -> FundTransaction:
    """The fund finances a counter-trafficking programme or an organisation working with victims."""
    require_fund_manager(actor)
    errors = Errors()
    grantee = grantee_agencies().filter(pk=data.grantee_id).first() if data.grantee_id else None
    if grantee is None:
        errors.add("grantee_id", _("Choose the agency that receives the grant."))
    amount = errors.money("amount", data.amount, missing=_("Enter the amount of the grant."))
    currency = errors.currency("currency", data.currency)
    document = clean_line(data.document_reference)
    programme = clean_block(data.programme)
    errors.past_date(
        "occurred_on", data.occurred_on, _("Enter the date of the payment."), today=today
    )
    errors.text(
        "document_reference",
        document,
        DOCUMENT_LENGTH,
        _("Enter the fund's decision and payment order (number and date)."),
    )
    errors.text(
        "programme", programme, TEXT_LENGTH, _("Enter the programme or purpose of the grant.")
    )
    errors.raise_if_any()
    assert amount is not None and data.occurred_on is not None  # noqa: S101  (validated)
    cash = _lock_cash()
    require_available(cash, amount, currency, data.occurred_on)
    txn = _post(
        actor=actor,
        kind=TransactionKind.GRANT,
        occurred_on=data.occurred_on,
        lines=[
            Line(AccountCode.GRANTS, Side.DEBIT, amount, currency),
            Line(AccountCode.FUND_CASH, Side.CREDIT, amount, currency),
        ],
        document_reference=document,
        description=programme,
        legal_basis_key=rules().fund_basis,
        grantee=grantee,
    )
    _audit("compensation.fund_grant_recorded", actor, txn, grantee=grantee.pk)  # type: ignore[union-attr]
    return txn


# --- Payments to victims (called by the claims services, inside their transaction) -------------


def post_victim_payment(
    *,
    actor: Actor,
    amount: Decimal,
    currency: str,
    occurred_on: date,
    document_reference: str,
    description: str,
) -> FundTransaction:
    """The ledger side of a payment to a victim. The caller is atomic, validated, and audits."""
    require_fund_manager(actor)
    cash = _lock_cash()
    require_available(cash, amount, currency, occurred_on)
    return _post(
        actor=actor,
        kind=TransactionKind.VICTIM_PAYMENT,
        occurred_on=occurred_on,
        lines=[
            Line(AccountCode.VICTIM_PAYMENTS, Side.DEBIT, amount, currency),
            Line(AccountCode.FUND_CASH, Side.CREDIT, amount, currency),
        ],
        document_reference=document_reference,
        description=description,
        legal_basis_key=rules().fund_basis,
    )


# --- Reversals ----------------------------------------------------------------------------------


@dataclass
class ReversalInput:
    occurred_on: date | None = None
    document_reference: str = ""
    reason: str = ""


@transaction.atomic
def do_reverse_transaction(
    *,
    actor: Actor,
    original: FundTransaction,
    data: ReversalInput,
    today: date | None = None,
) -> FundTransaction:
    """Corrects a transaction by a new one with its entries on the opposite sides.

    Reversing a payment to a victim makes the award's amount outstanding again.
    """
    require_fund_manager(actor)
    errors = Errors()
    document = clean_line(data.document_reference)
    reason = clean_block(data.reason)
    errors.past_date(
        "occurred_on",
        data.occurred_on,
        _("Enter the date of the correction."),
        today=today,
        not_before=original.occurred_on,
        not_before_message=_("A reversal cannot be dated before the transaction it reverses."),
    )
    errors.text(
        "document_reference",
        document,
        DOCUMENT_LENGTH,
        _("Enter the document of the correction (number and date)."),
    )
    errors.text("reason", reason, TEXT_LENGTH, _("Explain why the transaction is reversed."))
    if original.kind == TransactionKind.REVERSAL:
        errors.add(
            "__all__",
            _("A reversal cannot itself be reversed: record the original operation again."),
        )
    errors.raise_if_any()
    assert data.occurred_on is not None  # noqa: S101  (validated)
    cash = _lock_cash()  # also serialises two reversals of the same transaction
    if FundTransaction.objects.filter(reverses=original).exists():
        raise ConflictError(
            _("Transaction %(ref)s is already reversed.") % {"ref": original.reference}
        )
    lines = [
        Line(
            entry.account.code,
            Side.CREDIT if entry.side == Side.DEBIT else Side.DEBIT,
            entry.amount,
            entry.currency,
        )
        for entry in original.entries.select_related("account")
    ]
    for line in lines:
        if line.account == AccountCode.FUND_CASH and line.side == Side.CREDIT:
            require_available(cash, line.amount, line.currency, data.occurred_on)
    txn = _post(
        actor=actor,
        kind=TransactionKind.REVERSAL,
        occurred_on=data.occurred_on,
        lines=lines,
        document_reference=document,
        description=reason,
        legal_basis_key=original.legal_basis_key,
        organisation=original.organisation,
        grantee=original.grantee,
        reverses=original,
    )
    _audit(
        "compensation.fund_transaction_reversed",
        actor,
        txn,
        reverses=original.reference,
        reversed_kind=original.kind,
    )
    return txn


# --- Statements ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatementLine:
    transaction: FundTransaction
    money_in: Decimal
    money_out: Decimal
    balance: Decimal


@dataclass(frozen=True)
class AccountTotal:
    account: Account
    debit: Decimal
    credit: Decimal
    balance: Decimal


@dataclass
class Statement:
    currency: str
    date_from: date
    date_to: date
    opening: Decimal
    lines: list[StatementLine] = field(default_factory=list)
    accounts: list[AccountTotal] = field(default_factory=list)

    @property
    def total_in(self) -> Decimal:
        return sum((line.money_in for line in self.lines), ZERO)

    @property
    def total_out(self) -> Decimal:
        return sum((line.money_out for line in self.lines), ZERO)

    @property
    def closing(self) -> Decimal:
        return self.opening + self.total_in - self.total_out


def validate_period(date_from: date | None, date_to: date | None) -> dict[str, list[str]]:
    errors = Errors()
    if date_from is None:
        errors.add("date_from", _("Enter the first day of the period."))
    if date_to is None:
        errors.add("date_to", _("Enter the last day of the period."))
    if date_from and date_to:
        if date_from > date_to:
            errors.add("date_to", _("The period cannot end before it starts."))
        elif (date_to - date_from).days > MAX_STATEMENT_DAYS:
            errors.add("date_to", _("A statement covers at most ten years."))
    return errors.by_field


def statement(*, date_from: date | None, date_to: date | None, currency: str = "") -> Statement:
    """The fund's bank account for a period: opening balance, every movement, closing balance;
    and the totals of every account for the period (debits equal credits)."""
    problems = validate_period(date_from, date_to)
    if problems:
        raise ValidationError(problems)
    assert date_from is not None and date_to is not None  # noqa: S101  (validated)
    currency = currency or rules().currency
    accounts = ensure_accounts()
    cash = accounts[AccountCode.FUND_CASH]
    opening = _signed_total(
        Entry.objects.filter(
            account=cash, currency=currency, transaction__occurred_on__lt=date_from
        ),
        cash,
    )
    result = Statement(currency=currency, date_from=date_from, date_to=date_to, opening=opening)
    in_period = Entry.objects.filter(
        currency=currency,
        transaction__occurred_on__gte=date_from,
        transaction__occurred_on__lte=date_to,
    )
    running = opening
    cash_entries = (
        in_period.filter(account=cash)
        .select_related("transaction", "transaction__organisation", "transaction__grantee")
        .order_by("transaction__occurred_on", "transaction_id", "id")
    )
    for entry in cash_entries:
        money_in = entry.amount if entry.side == Side.DEBIT else ZERO
        money_out = entry.amount if entry.side == Side.CREDIT else ZERO
        running += money_in - money_out
        result.lines.append(StatementLine(entry.transaction, money_in, money_out, running))
    for acc in accounts.values():
        mine = in_period.filter(account=acc)
        totals = mine.aggregate(
            debit=Sum("amount", filter=Q(side=Side.DEBIT)),
            credit=Sum("amount", filter=Q(side=Side.CREDIT)),
        )
        result.accounts.append(
            AccountTotal(
                account=acc,
                debit=totals["debit"] or ZERO,
                credit=totals["credit"] or ZERO,
                balance=_signed_total(
                    Entry.objects.filter(
                        account=acc, currency=currency, transaction__occurred_on__lte=date_to
                    ),
                    acc,
                ),
            )
        )
    return result


def default_period(today: date | None = None) -> tuple[date, date]:
    """The current calendar year up to today."""
    today = today or timezone.localdate()
    return date(today.year, 1, 1), today
