"""Two payments racing for the last money of the fund cannot both succeed (real concurrent
transactions: PostgreSQL)."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from palermo.justice.compensation.models import FundTransaction, Payment
from palermo.justice.compensation.services import (
    PaymentInput,
    ReversalInput,
    balance,
    do_pay_from_fund,
    do_record_award,
    do_record_claim,
    do_record_grant,
    do_record_receipt,
    do_reverse_transaction,
)
from palermo.justice.services import ParticipantInput, do_link_participant
from tests.compensation.conftest import award_input, claim_input, grant, receipt
from tests.concurrency import sorted_race
from tests.conftest import person_input

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in connection.settings_dict["ENGINE"],
        reason="needs real concurrent transactions (PostgreSQL)",
    ),
    pytest.mark.django_db(transaction=True),
]


_ORDER_NUMBERS = itertools.count(1)


def pay(amount: str) -> PaymentInput:
    return PaymentInput(
        paid_on=date(2026, 5, 4),
        moral_amount=Decimal(amount),
        material_amount=Decimal("0"),
        # Distinct documents: these tests race for money, not for the same document.
        document_reference=f"Payment order {next(_ORDER_NUMBERS)}",
    )


def test_two_payments_racing_for_the_last_money_cannot_both_succeed(
    fund, investigator, organisation, proceedings, award
):
    do_record_receipt(actor=fund, data=receipt(organisation, "6000.00"))
    second_victim = do_link_participant(
        actor=investigator,
        proceedings=proceedings,
        data=ParticipantInput(
            role="victim", linked_on=date(2026, 2, 12), person=person_input(family_name="Bely")
        ),
    )
    other = do_record_claim(actor=investigator, participant=second_victim, data=claim_input())
    other_award = do_record_award(actor=investigator, claim=other, data=award_input())

    results = sorted_race(
        lambda: do_pay_from_fund(actor=fund, award=award, data=pay("5000.00")),
        lambda: do_pay_from_fund(actor=fund, award=other_award, data=pay("5000.00")),
    )
    assert results == ["applied", "refused"]
    assert balance() == Decimal("1000.00")
    assert Payment.objects.count() == 1
    assert FundTransaction.objects.filter(kind="victim_payment").count() == 1


def test_a_payment_and_a_grant_racing_for_the_same_money(fund, actor, organisation, award):
    do_record_receipt(actor=fund, data=receipt(organisation, "5000.00"))
    ngo = actor("caseworker_gomel").agency.pk
    results = sorted_race(
        lambda: do_pay_from_fund(actor=fund, award=award, data=pay("4000.00")),
        lambda: do_record_grant(actor=fund, data=grant(ngo, "4000.00")),
    )
    assert results == ["applied", "refused"]
    assert balance() == Decimal("1000.00")


def test_two_payments_of_the_same_award_cannot_pay_it_twice(fund, organisation, award):
    do_record_receipt(actor=fund, data=receipt(organisation, "20000.00"))
    results = sorted_race(
        lambda: do_pay_from_fund(actor=fund, award=award, data=pay("5000.00")),
        lambda: do_pay_from_fund(actor=fund, award=award, data=pay("5000.00")),
    )
    assert results == ["applied", "refused"]
    assert balance() == Decimal("15000.00")


def test_one_transaction_cannot_be_reversed_twice_at_once(fund, organisation):
    txn = do_record_receipt(actor=fund, data=receipt(organisation, "700.00"))
    reverse = ReversalInput(
        occurred_on=date(2026, 2, 2), document_reference="Bank return", reason="Duplicate."
    )
    results = sorted_race(
        lambda: do_reverse_transaction(actor=fund, original=txn, data=reverse),
        lambda: do_reverse_transaction(actor=fund, original=txn, data=reverse),
    )
    assert results == ["applied", "refused"]
    assert balance() == Decimal("0.00")
