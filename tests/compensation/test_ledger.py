"""The fund's ledger: receipts from confiscated property, grants, reversals, statements; the
balance never goes negative and every transaction balances."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from palermo.core.errors import ConflictError
from palermo.core.models import AuditEvent
from palermo.justice.compensation.models import Entry, FundTransaction, LedgerImmutableError
from palermo.justice.compensation.services import (
    ReversalInput,
    balance,
    do_record_grant,
    do_record_receipt,
    do_reverse_transaction,
    statement,
)
from tests.compensation.conftest import CONFISCATED, grant, receipt

pytestmark = pytest.mark.django_db


def ngo_id(actor) -> int:
    return actor("caseworker_gomel").agency.pk


def test_a_receipt_is_a_balanced_audited_transaction_linked_to_the_organisation(fund, organisation):
    before = AuditEvent.objects.count()
    txn = do_record_receipt(actor=fund, data=receipt(organisation, "12500.75"))
    assert txn.organisation == organisation
    assert txn.legal_basis == "Law No. 350-Z, Art. 29"
    entries = {(e.account.code, e.side, e.amount, e.currency) for e in txn.entries.all()}
    assert entries == {
        ("fund_cash", "debit", Decimal("12500.75"), "BYN"),
        ("confiscation_receipts", "credit", Decimal("12500.75"), "BYN"),
    }
    assert balance() == Decimal("12500.75")
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "compensation.fund_receipt_recorded"
    assert event.data["amount"] == "12500.75"


def test_receipts_cannot_exceed_the_confiscated_property(fund, organisation):
    do_record_receipt(actor=fund, data=receipt(organisation, "45000.00"))
    with pytest.raises(ValidationError) as exc:
        do_record_receipt(actor=fund, data=receipt(organisation, "5000.01"))
    assert "at most 5000.00 BYN can still be received" in str(exc.value.message_dict["amount"])
    do_record_receipt(actor=fund, data=receipt(organisation, "5000.00"))
    assert balance() == CONFISCATED


def test_a_receipt_needs_a_liquidated_organisation_with_confiscated_property(
    fund, actor, organisation
):
    from palermo.registries.services import do_record_suspension
    from tests.registries.conftest import organisation_input

    suspended = do_record_suspension(actor=actor("registry_officer"), data=organisation_input())
    with pytest.raises(ValidationError) as exc:
        do_record_receipt(actor=fund, data=receipt(suspended, "100.00"))
    assert "organisation_id" in exc.value.message_dict
    assert FundTransaction.objects.count() == 0


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "greater than zero"),
        ("-5", "cannot be negative"),
        ("10.001", "two decimal places"),
        ("abc", "such as 1250.50"),
        ("100000000000000", "too large"),
    ],
)
def test_amounts_must_be_exact_positive_money(fund, organisation, amount, message):
    with pytest.raises(ValidationError) as exc:
        data = receipt(organisation, "1")
        data.amount = amount
        do_record_receipt(actor=fund, data=data)
    assert message in " ".join(exc.value.message_dict["amount"])
    assert FundTransaction.objects.count() == 0


def test_other_currencies_and_future_dates_are_refused(fund, organisation):
    with pytest.raises(ValidationError) as exc:
        do_record_receipt(
            actor=fund,
            data=receipt(organisation, "10", currency="USD", occurred_on=date(2099, 1, 1)),
        )
    assert "BYN" in exc.value.message_dict["currency"][0]
    assert "future" in exc.value.message_dict["occurred_on"][0]


def test_a_grant_goes_to_an_agency_and_cannot_overdraw_the_fund(fund, actor, funded):
    txn = do_record_grant(actor=fund, data=grant(ngo_id(actor), "9000.00"))
    assert txn.grantee == actor("caseworker_gomel").agency
    assert balance() == Decimal("1000.00")
    with pytest.raises(ConflictError, match=r"only 1000\.00 BYN is available"):
        do_record_grant(actor=fund, data=grant(ngo_id(actor), "1000.01"))
    assert balance() == Decimal("1000.00")
    assert FundTransaction.objects.count() == 2


def test_a_backdated_payment_cannot_spend_money_that_arrived_later(fund, actor, organisation):
    do_record_receipt(
        actor=fund, data=receipt(organisation, "5000.00", occurred_on=date(2026, 3, 1))
    )
    # On 15 February the fund was empty: the money arrived on 1 March.
    with pytest.raises(ConflictError):
        do_record_grant(
            actor=fund, data=grant(ngo_id(actor), "100.00", occurred_on=date(2026, 2, 15))
        )
    do_record_grant(actor=fund, data=grant(ngo_id(actor), "5000.00", occurred_on=date(2026, 3, 2)))
    # Later money out also counts: nothing is left for any date from 2 March on.
    do_record_receipt(
        actor=fund, data=receipt(organisation, "800.00", occurred_on=date(2026, 4, 1))
    )
    with pytest.raises(ConflictError):
        do_record_grant(
            actor=fund, data=grant(ngo_id(actor), "100.00", occurred_on=date(2026, 3, 5))
        )


def test_a_reversal_corrects_without_changing_the_original(fund, actor, funded):
    txn = do_record_grant(actor=fund, data=grant(ngo_id(actor), "2500.00"))
    reversal = do_reverse_transaction(
        actor=fund,
        original=txn,
        data=ReversalInput(
            occurred_on=date(2026, 3, 5),
            document_reference="Bank return No. 7",
            reason="Wrong bank account: the money came back.",
        ),
    )
    assert reversal.reverses == txn and reversal.kind == "reversal"
    assert balance() == Decimal("10000.00")
    assert balance("grants") == Decimal("0.00")
    txn.refresh_from_db()
    assert txn.amount == Decimal("2500.00") and txn.is_reversed
    with pytest.raises(ConflictError, match="already reversed"):
        do_reverse_transaction(
            actor=fund,
            original=txn,
            data=ReversalInput(occurred_on=date(2026, 3, 6), document_reference="x", reason="y"),
        )
    with pytest.raises(ValidationError):
        do_reverse_transaction(
            actor=fund,
            original=reversal,
            data=ReversalInput(occurred_on=date(2026, 3, 6), document_reference="x", reason="y"),
        )


def test_reversing_a_receipt_already_spent_is_refused(fund, actor, funded):
    do_record_grant(actor=fund, data=grant(ngo_id(actor), "9000.00"))
    with pytest.raises(ConflictError):
        do_reverse_transaction(
            actor=fund,
            original=funded,
            data=ReversalInput(
                occurred_on=date(2026, 3, 5), document_reference="Court ruling", reason="Void."
            ),
        )
    assert balance() == Decimal("1000.00")


def test_ledger_rows_can_never_be_changed_or_deleted(funded):
    entry = funded.entries.first()
    with pytest.raises(LedgerImmutableError):
        funded.save()
    with pytest.raises(LedgerImmutableError):
        funded.delete()
    with pytest.raises(LedgerImmutableError):
        Entry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    with pytest.raises(LedgerImmutableError):
        FundTransaction.objects.all().delete()


def test_the_database_refuses_updates_that_bypass_the_models(funded):
    from django.db import DatabaseError, connection, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE compensation_entry SET amount = 1 WHERE transaction_id = %s", [funded.pk]
        )
    assert {e.amount for e in funded.entries.all()} == {Decimal("10000.00")}


def test_a_statement_gives_opening_movements_and_closing(fund, actor, organisation):
    do_record_receipt(
        actor=fund, data=receipt(organisation, "3000.00", occurred_on=date(2026, 2, 1))
    )
    do_record_receipt(
        actor=fund, data=receipt(organisation, "2000.00", occurred_on=date(2026, 3, 3))
    )
    do_record_grant(actor=fund, data=grant(ngo_id(actor), "1200.00", occurred_on=date(2026, 3, 20)))
    do_record_grant(actor=fund, data=grant(ngo_id(actor), "300.00", occurred_on=date(2026, 4, 2)))
    march = statement(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31))
    assert march.opening == Decimal("3000.00")
    assert [(line.money_in, line.money_out, line.balance) for line in march.lines] == [
        (Decimal("2000.00"), Decimal("0.00"), Decimal("5000.00")),
        (Decimal("0.00"), Decimal("1200.00"), Decimal("3800.00")),
    ]
    assert march.closing == Decimal("3800.00")
    totals = {t.account.code: (t.debit, t.credit) for t in march.accounts}
    assert totals["fund_cash"] == (Decimal("2000.00"), Decimal("1200.00"))
    assert sum(d for d, _ in totals.values()) == sum(c for _, c in totals.values())
    with pytest.raises(ValidationError):
        statement(date_from=date(2026, 4, 1), date_to=date(2026, 3, 1))


def test_only_the_funds_officers_record_transactions(actor, organisation):
    for persona in ("admin", "investigator", "registry_officer"):
        with pytest.raises(ValidationError):
            do_record_receipt(actor=actor(persona), data=receipt(organisation, "10.00"))
    assert FundTransaction.objects.count() == 0
