"""Compensation claims of victims within criminal proceedings (CPC ch. 48).

A victim's claim names the moral and the material damage separately; the court's award fixes
each; payments (by the offender, or from the State Compensation Fund) are counted against each
kind, and what is awarded but not paid is outstanding. A payment from the fund writes its ledger
transaction in the same database transaction, so one never exists without the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.core.audit import record
from palermo.core.errors import ConflictError
from palermo.justice.access import works_on
from palermo.justice.compensation.access import can_manage_fund
from palermo.justice.compensation.models import (
    DOCUMENT_LENGTH,
    MONEY_DIGITS,
    MONEY_PLACES,
    TEXT_LENGTH,
    Award,
    Claim,
    Payment,
)
from palermo.justice.compensation.rules import basis, rules
from palermo.justice.compensation.services.common import (
    Errors,
    clean_block,
    clean_line,
    money_text,
)
from palermo.justice.compensation.services.ledger import post_victim_payment
from palermo.justice.compensation.vocab import Payer
from palermo.justice.models import Participant
from palermo.justice.vocab import ParticipantRole

ZERO = Decimal("0.00")


# --- Amounts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KindAmounts:
    claimed: Decimal
    awarded: Decimal | None
    paid_by_offender: Decimal
    paid_by_fund: Decimal

    @property
    def paid(self) -> Decimal:
        return self.paid_by_offender + self.paid_by_fund

    @property
    def outstanding(self) -> Decimal:
        return (self.awarded or ZERO) - self.paid


@dataclass(frozen=True)
class ClaimAmounts:
    currency: str
    moral: KindAmounts
    material: KindAmounts

    @property
    def outstanding(self) -> Decimal:
        return self.moral.outstanding + self.material.outstanding

    @property
    def paid(self) -> Decimal:
        return self.moral.paid + self.material.paid


def counted_payments(claim: Claim) -> QuerySet[Payment]:
    """Payments that count: every payment but those from the fund whose transaction is reversed."""
    return claim.payments.exclude(fund_transaction__reversed_by__isnull=False)


def amounts(claim: Claim) -> ClaimAmounts:
    award = getattr(claim, "award", None) if claim.pk else None
    paid: dict[tuple[str, str], Decimal] = {}
    for payment in counted_payments(claim):
        for kind, value in (("moral", payment.moral_amount), ("material", payment.material_amount)):
            key = (kind, payment.payer)
            paid[key] = paid.get(key, ZERO) + value

    def kind_amounts(kind: str, claimed: Decimal, awarded: Decimal | None) -> KindAmounts:
        return KindAmounts(
            claimed=claimed,
            awarded=awarded,
            paid_by_offender=paid.get((kind, Payer.OFFENDER), ZERO),
            paid_by_fund=paid.get((kind, Payer.FUND), ZERO),
        )

    return ClaimAmounts(
        currency=claim.currency,
        moral=kind_amounts("moral", claim.moral_claimed, award.moral_awarded if award else None),
        material=kind_amounts(
            "material", claim.material_claimed, award.material_awarded if award else None
        ),
    )


def _paid(field: str) -> Coalesce:
    counted = (
        Payment.objects.filter(claim=OuterRef("claim"))
        .exclude(fund_transaction__reversed_by__isnull=False)
        .order_by()
        .values("claim")
        .annotate(paid_total=Sum(field))
        .values("paid_total")
    )
    money = DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    return Coalesce(Subquery(counted, output_field=money), Value(ZERO), output_field=money)


def with_outstanding(awards: QuerySet[Award]) -> QuerySet[Award]:
    """Awards annotated with what is paid and outstanding, per kind (for lists and filters)."""
    from django.db.models import F

    return awards.annotate(
        moral_paid=_paid("moral_amount"), material_paid=_paid("material_amount")
    ).annotate(
        moral_outstanding=F("moral_awarded") - F("moral_paid"),
        material_outstanding=F("material_awarded") - F("material_paid"),
        total_outstanding=F("moral_awarded")
        + F("material_awarded")
        - F("moral_paid")
        - F("material_paid"),
    )


def awards_to_pay(awards: QuerySet[Award]) -> QuerySet[Award]:
    # The annotation is made by with_outstanding (the type checker cannot follow it there).
    outstanding = {"total_outstanding__gt": 0}
    return with_outstanding(awards).filter(**outstanding).order_by("awarded_on", "id")


# --- Claims -------------------------------------------------------------------------------------


def _require_investigator(actor: Actor, claim_or_participant: Claim | Participant) -> None:
    if not works_on(actor, claim_or_participant.proceedings):
        raise ValidationError(
            _("Only the investigating body of these proceedings can record compensation.")
        )


@dataclass
class ClaimInput:
    filed_on: date | None = None
    moral_claimed: object = None
    material_claimed: object = None
    note: str = ""


def _validate_claim(
    data: ClaimInput, errors: Errors, *, today: date | None, not_before: date
) -> tuple[Decimal | None, Decimal | None]:
    missing = _("Enter the amount claimed (0 if none).")
    moral = errors.money("moral_claimed", data.moral_claimed, missing=missing, allow_zero=True)
    material = errors.money(
        "material_claimed", data.material_claimed, missing=missing, allow_zero=True
    )
    if moral is not None and material is not None and moral + material == 0:
        errors.add("moral_claimed", _("Enter the moral damage, the material damage or both."))
    errors.past_date(
        "filed_on",
        data.filed_on,
        _("Enter the date the claim was filed."),
        today=today,
        not_before=not_before,
        not_before_message=_("A claim cannot be filed before the proceedings were opened."),
    )
    errors.text("note", clean_block(data.note), TEXT_LENGTH)
    return moral, material


@transaction.atomic
def do_record_claim(
    *, actor: Actor, participant: Participant, data: ClaimInput, today: date | None = None
) -> Claim:
    """Records a victim's claim for compensation in the proceedings (CPC ch. 48)."""
    _require_investigator(actor, participant)
    errors = Errors()
    if participant.role != ParticipantRole.VICTIM:
        errors.add("participant_id", _("Only a victim of the proceedings can claim compensation."))
    elif Claim.objects.filter(participant=participant).exists():
        errors.add("participant_id", _("This victim's claim is already recorded: amend it."))
    moral, material = _validate_claim(
        data, errors, today=today, not_before=participant.proceedings.opened_on
    )
    errors.raise_if_any()
    assert moral is not None and material is not None and data.filed_on  # noqa: S101
    key = rules().claim_basis
    claim = Claim(
        participant=participant,
        proceedings=participant.proceedings,
        filed_on=data.filed_on,
        moral_claimed=moral,
        material_claimed=material,
        currency=rules().currency,
        note=clean_block(data.note),
        legal_basis_key=key,
        legal_basis=basis(key).citation,
        recorded_by=actor.user,
    )
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        raise ConflictError(
            _("Someone else recorded this victim's claim in the meantime. Reload the page.")
        ) from None
    record(
        "compensation.claim_recorded",
        actor=actor,
        obj=claim,
        purpose="compensation claim",
        data={
            "proceedings": participant.proceedings.number,
            "participant": participant.pk,
            "filed_on": claim.filed_on.isoformat(),
            "moral_claimed": str(moral),
            "material_claimed": str(material),
            "currency": claim.currency,
            "legal_basis": claim.legal_basis,
        },
    )
    return claim


@transaction.atomic
def do_amend_claim(
    *,
    actor: Actor,
    claim: Claim,
    data: ClaimInput,
    expected_version: int,
    today: date | None = None,
) -> Claim:
    """Changes the amounts claimed, until the court's award is recorded."""
    _require_investigator(actor, claim)
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.version != expected_version:
        raise ConflictError(
            _("Someone else changed this claim while you were editing it. Reload it and try again.")
        )
    errors = Errors()
    if Award.objects.filter(claim=locked).exists():
        errors.add("__all__", _("The court's award is recorded: the claim can no longer change."))
    moral, material = _validate_claim(
        data, errors, today=today, not_before=locked.proceedings.opened_on
    )
    errors.raise_if_any()
    assert moral is not None and material is not None and data.filed_on  # noqa: S101
    changed = {
        name: str(value)
        for name, value in (
            ("filed_on", data.filed_on),
            ("moral_claimed", moral),
            ("material_claimed", material),
        )
        if getattr(locked, name) != value
    }
    note = clean_block(data.note)
    if note != locked.note:
        changed["note"] = "changed"
    if not changed:
        return locked
    locked.filed_on = data.filed_on
    locked.moral_claimed = moral
    locked.material_claimed = material
    locked.note = note
    locked.version += 1
    locked.save()
    record(
        "compensation.claim_amended",
        actor=actor,
        obj=locked,
        purpose="compensation claim",
        data=changed,
    )
    return locked


# --- Awards -------------------------------------------------------------------------------------


@dataclass
class AwardInput:
    awarded_on: date | None = None
    court: str = ""
    judgment_reference: str = ""
    moral_awarded: object = None
    material_awarded: object = None


@transaction.atomic
def do_record_award(
    *, actor: Actor, claim: Claim, data: AwardInput, today: date | None = None
) -> Award:
    """Records the court's award on a claim: moral and material damage, each separately."""
    _require_investigator(actor, claim)
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    errors = Errors()
    if Award.objects.filter(claim=locked).exists():
        errors.add("__all__", _("The court's award on this claim is already recorded."))
    missing = _("Enter the amount awarded (0 if none).")
    moral = errors.money("moral_awarded", data.moral_awarded, missing=missing, allow_zero=True)
    material = errors.money(
        "material_awarded", data.material_awarded, missing=missing, allow_zero=True
    )
    if moral is not None and material is not None and moral + material == 0:
        errors.add(
            "moral_awarded",
            _("An award names an amount. If the court dismissed the claim, record no award."),
        )
    errors.past_date(
        "awarded_on",
        data.awarded_on,
        _("Enter the date of the judgment."),
        today=today,
        not_before=locked.filed_on,
        not_before_message=_("The judgment cannot be dated before the claim was filed."),
    )
    court = clean_line(data.court)
    judgment = clean_line(data.judgment_reference)
    errors.text("court", court, DOCUMENT_LENGTH, _("Enter the court."))
    errors.text(
        "judgment_reference",
        judgment,
        DOCUMENT_LENGTH,
        _("Enter the judgment's number and date."),
    )
    errors.raise_if_any()
    assert moral is not None and material is not None and data.awarded_on  # noqa: S101
    award = Award.objects.create(
        claim=locked,
        awarded_on=data.awarded_on,
        court=court,
        judgment_reference=judgment,
        moral_awarded=moral,
        material_awarded=material,
        currency=locked.currency,
        recorded_by=actor.user,
    )
    record(
        "compensation.award_recorded",
        actor=actor,
        obj=locked,
        purpose="compensation claim",
        data={
            "awarded_on": award.awarded_on.isoformat(),
            "court": court,
            "judgment": judgment,
            "moral_awarded": str(moral),
            "material_awarded": str(material),
            "currency": award.currency,
            "legal_basis": locked.legal_basis,
        },
    )
    return award


# --- Payments -----------------------------------------------------------------------------------


@dataclass
class PaymentInput:
    paid_on: date | None = None
    moral_amount: object = None
    material_amount: object = None
    document_reference: str = ""


def _validate_payment(
    claim: Claim, data: PaymentInput, errors: Errors, *, today: date | None
) -> tuple[Decimal | None, Decimal | None]:
    award = Award.objects.filter(claim=claim).first()
    if award is None:
        errors.add("__all__", _("Record the court's award first: payments are made on an award."))
    missing = _("Enter the amount paid (0 if none).")
    moral = errors.money("moral_amount", data.moral_amount, missing=missing, allow_zero=True)
    material = errors.money(
        "material_amount", data.material_amount, missing=missing, allow_zero=True
    )
    if moral is not None and material is not None:
        if moral + material == 0:
            errors.add("moral_amount", _("Enter the moral damage paid, the material or both."))
        elif award is not None:
            now = amounts(claim)
            for name, value, kind, label in (
                ("moral_amount", moral, now.moral, _("moral damage")),
                ("material_amount", material, now.material, _("material damage")),
            ):
                if value > kind.outstanding:
                    errors.add(
                        name,
                        _("Only %(outstanding)s of the %(kind)s is outstanding.")
                        % {
                            "outstanding": money_text(max(kind.outstanding, ZERO), claim.currency),
                            "kind": label,
                        },
                    )
    errors.past_date(
        "paid_on",
        data.paid_on,
        _("Enter the date of the payment."),
        today=today,
        not_before=award.awarded_on if award else None,
        not_before_message=_("A payment on an award cannot be dated before the judgment."),
    )
    errors.text(
        "document_reference",
        clean_line(data.document_reference),
        DOCUMENT_LENGTH,
        _("Enter the payment document (number and date)."),
    )
    return moral, material


@transaction.atomic
def do_record_offender_payment(
    *, actor: Actor, claim: Claim, data: PaymentInput, today: date | None = None
) -> Payment:
    """Records what the convicted offender paid on the award."""
    _require_investigator(actor, claim)
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    errors = Errors()
    moral, material = _validate_payment(locked, data, errors, today=today)
    errors.raise_if_any()
    assert moral is not None and material is not None and data.paid_on  # noqa: S101
    payment = Payment.objects.create(
        claim=locked,
        payer=Payer.OFFENDER,
        paid_on=data.paid_on,
        moral_amount=moral,
        material_amount=material,
        currency=locked.currency,
        document_reference=clean_line(data.document_reference),
        recorded_by=actor.user,
    )
    record(
        "compensation.offender_payment_recorded",
        actor=actor,
        obj=locked,
        purpose="compensation claim",
        data=_payment_data(payment),
    )
    return payment


@transaction.atomic
def do_pay_from_fund(
    *, actor: Actor, award: Award, data: PaymentInput, today: date | None = None
) -> Payment:
    """Pays (part of) an award from the State Compensation Fund: the payment and its ledger
    transaction are written together, and refused together if the fund cannot pay."""
    if not can_manage_fund(actor):
        raise ValidationError(_("Only the fund's officers pay awards from the fund."))
    # Lock order everywhere: the claim, then the fund's account, then the audit chain.
    locked = Claim.objects.select_for_update().get(pk=award.claim_id)
    errors = Errors()
    moral, material = _validate_payment(locked, data, errors, today=today)
    errors.raise_if_any()
    assert moral is not None and material is not None and data.paid_on  # noqa: S101
    document = clean_line(data.document_reference)
    txn = post_victim_payment(
        actor=actor,
        amount=moral + material,
        currency=locked.currency,
        occurred_on=data.paid_on,
        document_reference=document,
        # Data, not interface text: the ledger keeps it as written, in one language.
        description=(
            f"Award {award.judgment_reference} ({award.court}), criminal proceedings "
            f"{locked.proceedings.number}, victim {locked.participant.person.reference}"
        ),
    )
    payment = Payment.objects.create(
        claim=locked,
        payer=Payer.FUND,
        paid_on=data.paid_on,
        moral_amount=moral,
        material_amount=material,
        currency=locked.currency,
        document_reference=document,
        fund_transaction=txn,
        recorded_by=actor.user,
    )
    record(
        "compensation.fund_payment_recorded",
        actor=actor,
        obj=locked,
        purpose="compensation fund",
        data={**_payment_data(payment), "transaction": txn.reference},
    )
    return payment


def _payment_data(payment: Payment) -> dict[str, object]:
    return {
        "payer": payment.payer,
        "paid_on": payment.paid_on.isoformat(),
        "moral_amount": str(payment.moral_amount),
        "material_amount": str(payment.material_amount),
        "currency": payment.currency,
        "document": payment.document_reference,
    }
