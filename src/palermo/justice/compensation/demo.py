"""Demo data of the State Compensation Fund, written through the real services.

Called by the demo command after the justice demo: ``seed_compensation(registrar=<registry
officer>, fund=<fund officer>, investigator=<investigator>)``. It records an organisation of the
list liquidated with its property confiscated (if there is none), a receipt from that property,
a grant to an NGO, and — when the investigator's proceedings have a victim — a claim, the
court's award and a payment from the fund. Running it twice adds nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency
from palermo.justice.compensation.models import Claim, FundTransaction
from palermo.justice.compensation.rules import rules
from palermo.justice.compensation.services import (
    AwardInput,
    ClaimInput,
    GrantInput,
    PaymentInput,
    ReceiptInput,
    do_pay_from_fund,
    do_record_award,
    do_record_claim,
    do_record_grant,
    do_record_receipt,
)
from palermo.justice.models import Participant
from palermo.justice.vocab import ParticipantRole
from palermo.registries.models import InvolvedOrganisation
from palermo.registries.services import (
    OrganisationInput,
    StepInput,
    do_record_organisation_step,
    do_record_suspension,
)
from palermo.registries.vocab import OrganisationStage


def ensure_liquidated_organisation(
    *,
    registrar: Actor,
    name: str,
    registration_number: str,
    liquidated_on: date,
    confiscated_amount: Decimal,
    currency: str = "",
) -> InvolvedOrganisation:
    """An organisation taken through the whole Art. 29 lifecycle up to liquidation, with the
    confiscated property the registry records at that step."""
    existing = InvolvedOrganisation.objects.filter(registration_number=registration_number).first()
    if existing is not None and existing.stage == OrganisationStage.LIQUIDATED:
        return existing
    start = liquidated_on - timedelta(days=200)
    org = existing or do_record_suspension(
        actor=registrar,
        data=OrganisationInput(
            name=name,
            registration_number=registration_number,
            country="BY",
            kind="domestic",
            suspended_on=start,
            document_reference=f"Decision of the Prosecutor General of {start:%d.%m.%Y}",
        ),
    )
    steps = [
        ("court_requested", "court_requested_on", start + timedelta(days=20)),
        ("recognised", "ruling_on", start + timedelta(days=90)),
        ("listed", "listed_on", start + timedelta(days=110)),
        ("liquidated", "liquidated_on", liquidated_on),
    ]
    for step, date_field, on in steps:
        if getattr(org, date_field) is not None:
            continue
        extra: dict[str, object] = (
            {
                "confiscated_amount": confiscated_amount,
                "confiscated_currency": currency or rules().currency,  # the pack's
            }
            if step == "liquidated"
            else {}
        )
        org = do_record_organisation_step(
            actor=registrar,
            organisation=org,
            data=StepInput(
                step=step,
                occurred_on=on,
                document_reference=f"Document of {on:%d.%m.%Y}",
                **extra,  # type: ignore[arg-type]
            ),
        )
    return org


def seed_compensation(
    *, registrar: Actor, fund: Actor, investigator: Actor, today: date | None = None
) -> None:
    today = today or timezone.localdate()
    if FundTransaction.objects.exists():
        return
    liquidated_on = today - timedelta(days=120)
    org = ensure_liquidated_organisation(
        registrar=registrar,
        name="Travel and Modelling Agency Zorka Ltd",
        registration_number="190777001",
        liquidated_on=liquidated_on,
        confiscated_amount=Decimal("48250.00"),
    )
    do_record_receipt(
        actor=fund,
        data=ReceiptInput(
            organisation_id=org.pk,
            amount=Decimal("30000.00"),
            occurred_on=liquidated_on + timedelta(days=30),
            document_reference="Bank statement No. 112, proceeds of the sale of confiscated property",
            description="First instalment from the sale of the organisation's property",
        ),
    )
    ngo = (
        Agency.objects.filter(kind="ngo", is_active=True, catalogue_code__isnull=False)
        .order_by("id")
        .first()
    )
    if ngo is not None:
        do_record_grant(
            actor=fund,
            data=GrantInput(
                grantee_id=ngo.pk,
                amount=Decimal("7500.00"),
                occurred_on=liquidated_on + timedelta(days=45),
                document_reference="Fund decision No. 2, payment order No. 17",
                programme="Psychological and legal assistance to victims returning from abroad",
            ),
        )
    victim = (
        Participant.objects.filter(
            role=ParticipantRole.VICTIM,
            proceedings__investigating_agency=investigator.agency,
            compensation_claim__isnull=True,
        )
        .select_related("proceedings")
        .order_by("id")
        .first()
    )
    if victim is None:
        return
    filed_on = max(victim.proceedings.opened_on, today - timedelta(days=90))
    claim: Claim = do_record_claim(
        actor=investigator,
        participant=victim,
        data=ClaimInput(
            filed_on=filed_on,
            moral_claimed=Decimal("6000.00"),
            material_claimed=Decimal("2140.00"),
            note="Lost wages and travel costs; moral damage for the exploitation.",
        ),
    )
    award = do_record_award(
        actor=investigator,
        claim=claim,
        data=AwardInput(
            awarded_on=filed_on + timedelta(days=40),
            court="Minsk City Court",
            judgment_reference=f"Judgment No. 1-{claim.pk:03d}/{filed_on.year}",
            moral_awarded=Decimal("4000.00"),
            material_awarded=Decimal("2140.00"),
        ),
    )
    do_pay_from_fund(
        actor=fund,
        award=award,
        data=PaymentInput(
            paid_on=min(today, award.awarded_on + timedelta(days=20)),
            moral_amount=Decimal("0.00"),
            material_amount=Decimal("2140.00"),
            document_reference="Fund payment order No. 31",
        ),
    )
