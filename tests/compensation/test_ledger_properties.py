"""Property-based: no sequence of receipts, grants, payments to victims and reversals breaks the
ledger. After every operation, accepted or refused:

* every transaction has two or more entries, each > 0, and its debits equal its credits;
* the fund's bank account is never negative, at any point of its history;
* its balance is what an independent model of the accepted operations says, and a payment or
  grant is refused for lack of money exactly when that model says the balance would go negative;
* a refused operation changes nothing; no award is paid beyond what the court awarded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palermo.core.errors import ConflictError
from palermo.justice.compensation.models import Entry, FundTransaction
from palermo.justice.compensation.services import (
    PaymentInput,
    ReversalInput,
    amounts,
    balance,
    do_pay_from_fund,
    do_record_grant,
    do_record_receipt,
    do_reverse_transaction,
    statement,
)
from palermo.justice.compensation.vocab import Side
from tests.compensation.conftest import award_input, grant, receipt

pytestmark = pytest.mark.django_db

START = date(2026, 4, 3)  # after the liquidation and the judgment
DAYS = 90
cents = st.integers(min_value=1, max_value=1_500_000).map(lambda n: Decimal(n) / 100)
day = st.integers(min_value=0, max_value=DAYS).map(lambda n: START + timedelta(days=n))
operation = st.one_of(
    st.tuples(st.just("receipt"), cents, day),
    st.tuples(st.just("grant"), cents, day),
    st.tuples(st.just("pay"), cents, day),
    st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=30), day),
)


@dataclass
class Model:
    """An independent account of the fund's bank account: (date, order, signed amount)."""

    moves: list[tuple[date, int, Decimal]] = field(default_factory=list)
    accepted: list[FundTransaction] = field(default_factory=list)

    def allows(self, on: date, amount: Decimal) -> bool:
        """Would taking ``amount`` out on ``on`` keep every running balance >= 0?"""
        moves = sorted([*self.moves, (on, 10**9, -amount)], key=lambda m: (m[0], m[1]))
        running = Decimal(0)
        for _, _, delta in moves:
            running += delta
            if running < 0:
                return False
        return True

    def add(self, txn: FundTransaction, delta: Decimal) -> None:
        self.moves.append((txn.occurred_on, txn.pk, delta))
        self.accepted.append(txn)

    @property
    def balance(self) -> Decimal:
        return sum((m[2] for m in self.moves), Decimal(0))


def check_invariants(model: Model, award) -> None:  # type: ignore[no-untyped-def]
    for txn in FundTransaction.objects.prefetch_related("entries"):
        entries = list(txn.entries.all())
        assert len(entries) >= 2
        assert all(e.amount > 0 for e in entries)
        debit = sum(e.amount for e in entries if e.side == Side.DEBIT)
        credit = sum(e.amount for e in entries if e.side == Side.CREDIT)
        assert debit == credit == txn.amount
    running = Decimal(0)
    for side, amount in (
        Entry.objects.filter(account__code="fund_cash")
        .order_by("transaction__occurred_on", "transaction_id", "id")
        .values_list("side", "amount")
    ):
        running += amount if side == Side.DEBIT else -amount
        assert running >= 0
    assert balance() == model.balance == running
    whole = statement(date_from=START - timedelta(days=400), date_to=START + timedelta(days=DAYS))
    assert whole.closing == balance()
    assert sum(a.debit for a in whole.accounts) == sum(a.credit for a in whole.accounts)
    now = amounts(award.claim)
    assert now.moral.outstanding >= 0 and now.material.outstanding >= 0


@settings(
    max_examples=40,
    database=None,  # no example database in the working tree
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(operation, min_size=1, max_size=10))
def test_no_sequence_of_operations_breaks_the_ledger(
    ops, fund, organisation, investigator, claim, actor
):
    from palermo.justice.compensation.services import do_record_award

    ngo = actor("caseworker_gomel").agency.pk
    with transaction.atomic():
        award = do_record_award(
            actor=investigator,
            claim=claim,
            data=award_input(moral_awarded=Decimal("90000.00"), material_awarded=Decimal("9000")),
        )
        model = Model()
        for step, (kind, value, on) in enumerate(ops):
            before = FundTransaction.objects.count()
            try:
                if kind == "receipt":
                    txn = do_record_receipt(
                        actor=fund, data=receipt(organisation, str(value), occurred_on=on)
                    )
                    model.add(txn, value)
                elif kind == "grant":
                    allowed = model.allows(on, value)
                    try:
                        txn = do_record_grant(
                            actor=fund, data=grant(ngo, str(value), occurred_on=on)
                        )
                    except ConflictError:
                        assert not allowed
                        raise
                    assert allowed
                    model.add(txn, -value)
                elif kind == "pay":
                    allowed = model.allows(on, value)
                    outstanding = amounts(award.claim).moral.outstanding
                    try:
                        payment = do_pay_from_fund(
                            actor=fund,
                            award=award,
                            data=PaymentInput(
                                paid_on=on,
                                moral_amount=value,
                                material_amount=Decimal(0),
                                document_reference=f"Order {step}",
                            ),
                        )
                    except ConflictError:
                        assert not allowed
                        raise
                    assert allowed and value <= outstanding
                    model.add(payment.fund_transaction, -value)  # type: ignore[arg-type]
                else:
                    if not model.accepted:
                        continue
                    original = model.accepted[value % len(model.accepted)]
                    original.refresh_from_db()
                    cash_in = original.entries.get(account__code="fund_cash").side == Side.DEBIT
                    txn = do_reverse_transaction(
                        actor=fund,
                        original=original,
                        data=ReversalInput(occurred_on=on, document_reference="R", reason="Fix"),
                    )
                    model.add(txn, -original.amount if cash_in else original.amount)
            except (ValidationError, ConflictError):
                assert FundTransaction.objects.count() == before
            check_invariants(model, award)
        transaction.set_rollback(True)
