"""Compensation claims in criminal proceedings (CPC ch. 48): claimed, awarded, paid and
outstanding, moral and material damage separately; payments by the offender or from the fund."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from palermo.core.errors import ConflictError
from palermo.core.models import AuditEvent
from palermo.justice.compensation.access import awards_for
from palermo.justice.compensation.models import FundTransaction, Payment
from palermo.justice.compensation.services import (
    PaymentInput,
    ReversalInput,
    amounts,
    awards_to_pay,
    balance,
    do_amend_claim,
    do_pay_from_fund,
    do_record_claim,
    do_record_offender_payment,
    do_reverse_transaction,
)
from palermo.justice.services import ParticipantInput, do_link_participant
from tests.compensation.conftest import claim_input
from tests.conftest import person_input

pytestmark = pytest.mark.django_db


def pay(moral: str, material: str, on: date = date(2026, 5, 4), doc: str = "Order 1"):
    return PaymentInput(
        paid_on=on,
        moral_amount=Decimal(moral),
        material_amount=Decimal(material),
        document_reference=doc,
    )


def test_a_claim_rests_on_cpc_chapter_48_and_is_audited(claim):
    assert claim.legal_basis == "Criminal Procedure Code, Chapter 48"
    assert claim.total_claimed == Decimal("11500.50")
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "compensation.claim_recorded"
    assert event.data["moral_claimed"] == "8000.00"
    assert "Шаўчэнка" not in str(event.data)


def test_only_a_victim_can_claim_and_only_once(investigator, proceedings, victim, claim):
    witness = do_link_participant(
        actor=investigator,
        proceedings=proceedings,
        data=ParticipantInput(
            role="witness", linked_on=date(2026, 2, 12), person=person_input(family_name="Bely")
        ),
    )
    with pytest.raises(ValidationError) as exc:
        do_record_claim(actor=investigator, participant=witness, data=claim_input())
    assert "Only a victim" in exc.value.message_dict["participant_id"][0]
    with pytest.raises(ValidationError) as exc:
        do_record_claim(actor=investigator, participant=victim, data=claim_input())
    assert "already recorded" in exc.value.message_dict["participant_id"][0]


def test_a_claim_names_some_damage_and_cannot_predate_the_proceedings(investigator, victim):
    with pytest.raises(ValidationError) as exc:
        do_record_claim(
            actor=investigator,
            participant=victim,
            data=claim_input(
                moral_claimed=Decimal(0), material_claimed=Decimal(0), filed_on=date(2026, 1, 1)
            ),
        )
    assert set(exc.value.message_dict) == {"moral_claimed", "filed_on"}


def test_the_claim_can_be_amended_until_the_award(investigator, claim, award):
    claim.refresh_from_db()
    with pytest.raises(ValidationError, match="no longer change"):
        do_amend_claim(
            actor=investigator,
            claim=claim,
            data=claim_input(moral_claimed=Decimal("1")),
            expected_version=claim.version,
        )


def test_a_stale_amendment_is_refused(investigator, claim):
    do_amend_claim(
        actor=investigator,
        claim=claim,
        data=claim_input(note="Receipts added."),
        expected_version=1,
    )
    with pytest.raises(ConflictError):
        do_amend_claim(
            actor=investigator,
            claim=claim,
            data=claim_input(moral_claimed=Decimal("1.00")),
            expected_version=1,
        )


def test_outstanding_is_awarded_minus_paid_for_each_kind(investigator, fund, funded, claim, award):
    now = amounts(claim)
    assert (now.moral.awarded, now.material.awarded) == (Decimal("5000.00"), Decimal("3500.50"))
    assert now.outstanding == Decimal("8500.50")
    do_record_offender_payment(actor=investigator, claim=claim, data=pay("1000.00", "500.50"))
    do_pay_from_fund(actor=fund, award=award, data=pay("4000.00", "0"))
    now = amounts(claim)
    assert (now.moral.paid_by_offender, now.moral.paid_by_fund) == (
        Decimal("1000.00"),
        Decimal("4000.00"),
    )
    assert (now.moral.outstanding, now.material.outstanding) == (Decimal("0"), Decimal("3000.00"))
    # Each kind is capped by its own outstanding amount.
    with pytest.raises(ValidationError) as exc:
        do_record_offender_payment(actor=investigator, claim=claim, data=pay("0.01", "0"))
    assert "Only 0.00 BYN of the moral damage" in exc.value.message_dict["moral_amount"][0]


def test_no_payment_before_the_award(investigator, claim):
    with pytest.raises(ValidationError, match="award first"):
        do_record_offender_payment(actor=investigator, claim=claim, data=pay("10", "0"))


def test_a_fund_payment_writes_its_ledger_transaction_in_the_same_transaction(
    fund, funded, claim, award
):
    payment = do_pay_from_fund(actor=fund, award=award, data=pay("5000.00", "3500.50"))
    txn = payment.fund_transaction
    assert txn.kind == "victim_payment" and txn.amount == Decimal("8500.50")
    assert (
        "IC-2026-0042" in txn.description and claim.participant.person.reference in txn.description
    )
    assert balance() == Decimal("1499.50")
    assert balance("victim_payments") == Decimal("8500.50")
    assert not awards_to_pay(awards_for(fund)).exists()
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "compensation.fund_payment_recorded"
    assert event.data["transaction"] == txn.reference


def test_when_the_fund_cannot_pay_nothing_is_written(
    fund, investigator, organisation, claim, award
):
    from palermo.justice.compensation.services import do_record_receipt
    from tests.compensation.conftest import receipt

    do_record_receipt(actor=fund, data=receipt(organisation, "3000.00"))
    with pytest.raises(ConflictError, match="never go negative"):
        do_pay_from_fund(actor=fund, award=award, data=pay("5000.00", "0"))
    assert Payment.objects.count() == 0
    assert FundTransaction.objects.count() == 1
    assert amounts(claim).outstanding == Decimal("8500.50")


def test_reversing_a_fund_payment_makes_the_award_outstanding_again(fund, funded, claim, award):
    payment = do_pay_from_fund(actor=fund, award=award, data=pay("5000.00", "0"))
    do_reverse_transaction(
        actor=fund,
        original=payment.fund_transaction,
        data=ReversalInput(
            occurred_on=date(2026, 5, 6),
            document_reference="Bank return 3",
            reason="The victim's account was closed.",
        ),
    )
    assert amounts(claim).moral.outstanding == Decimal("5000.00")
    assert balance() == Decimal("10000.00")
    assert awards_to_pay(awards_for(fund)).get() == award
    # The payment stays on record, marked reversed; a new payment can be made.
    do_pay_from_fund(actor=fund, award=award, data=pay("5000.00", "0", on=date(2026, 5, 7)))
    assert amounts(claim).moral.outstanding == Decimal("0")


def test_roles_are_enforced_by_the_services(actor, fund, funded, claim, award):
    with pytest.raises(ValidationError):
        do_pay_from_fund(actor=actor("investigator"), award=award, data=pay("1", "0"))
    with pytest.raises(ValidationError):
        do_record_offender_payment(actor=fund, claim=claim, data=pay("1", "0"))
    assert Payment.objects.count() == 0
