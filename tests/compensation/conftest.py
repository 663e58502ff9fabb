"""Compensation fixtures: a liquidated organisation whose confiscated property feeds the fund,
proceedings of the Investigative Committee with a victim, and helpers for the ledger."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from palermo.accounts.actor import Actor
from palermo.justice.compensation.demo import ensure_liquidated_organisation
from palermo.justice.compensation.models import Award, Claim, FundTransaction
from palermo.justice.compensation.services import (
    AwardInput,
    ClaimInput,
    GrantInput,
    ReceiptInput,
    do_record_award,
    do_record_claim,
    do_record_receipt,
)
from palermo.justice.models import Participant, Proceedings
from palermo.justice.services import (
    ParticipantInput,
    ProceedingsInput,
    do_link_participant,
    do_open_proceedings,
)
from palermo.registries.models import InvolvedOrganisation
from tests.conftest import person_input

LIQUIDATED_ON = date(2026, 1, 15)
_DOCUMENT_NUMBERS = itertools.count(101)
CONFISCATED = Decimal("50000.00")
VICTIM_FAMILY_NAME = "Шаўчэнка"


@pytest.fixture
def fund(actor: Callable[[str], Actor]) -> Actor:
    return actor("fund_officer")


@pytest.fixture
def investigator(actor: Callable[[str], Actor]) -> Actor:
    return actor("investigator")


@pytest.fixture
def organisation(actor: Callable[[str], Actor]) -> InvolvedOrganisation:
    return ensure_liquidated_organisation(
        registrar=actor("registry_officer"),
        name="Model Agency Zorka Ltd",
        registration_number="193456789",
        liquidated_on=LIQUIDATED_ON,
        confiscated_amount=CONFISCATED,
    )


def receipt(organisation: InvolvedOrganisation, amount: str, **overrides: object) -> ReceiptInput:
    values: dict[str, object] = {
        "organisation_id": organisation.pk,
        "amount": Decimal(amount),
        "occurred_on": date(2026, 2, 1),
        # Each document books one movement of money: every receipt gets its own number.
        "document_reference": f"Payment order No. {next(_DOCUMENT_NUMBERS)} of 01.02.2026",
    }
    values.update(overrides)
    return ReceiptInput(**values)  # type: ignore[arg-type]


def grant(grantee_id: int, amount: str, **overrides: object) -> GrantInput:
    values: dict[str, object] = {
        "grantee_id": grantee_id,
        "amount": Decimal(amount),
        "occurred_on": date(2026, 3, 1),
        "document_reference": f"Fund decision No. {next(_DOCUMENT_NUMBERS)} of 27.02.2026",
        "programme": "Reintegration programme for returning victims, Gomel region",
    }
    values.update(overrides)
    return GrantInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def funded(fund: Actor, organisation: InvolvedOrganisation) -> FundTransaction:
    """10,000 BYN received from the organisation's confiscated property."""
    return do_record_receipt(actor=fund, data=receipt(organisation, "10000.00"))


@pytest.fixture
def proceedings(investigator: Actor) -> Proceedings:
    return do_open_proceedings(
        actor=investigator,
        data=ProceedingsInput(
            number="IC-2026-0042",
            opened_on=date(2026, 2, 10),
            offence_date=date(2025, 6, 1),
            articles=["cc_181"],
        ),
    )


@pytest.fixture
def victim(investigator: Actor, proceedings: Proceedings) -> Participant:
    return do_link_participant(
        actor=investigator,
        proceedings=proceedings,
        data=ParticipantInput(role="victim", linked_on=date(2026, 2, 11), person=person_input()),
    )


def claim_input(**overrides: object) -> ClaimInput:
    values: dict[str, object] = {
        "filed_on": date(2026, 2, 20),
        "moral_claimed": Decimal("8000.00"),
        "material_claimed": Decimal("3500.50"),
    }
    values.update(overrides)
    return ClaimInput(**values)  # type: ignore[arg-type]


def award_input(**overrides: object) -> AwardInput:
    values: dict[str, object] = {
        "awarded_on": date(2026, 4, 2),
        "court": "Minsk City Court",
        "judgment_reference": "Judgment No. 1-118/2026 of 02.04.2026",
        "moral_awarded": Decimal("5000.00"),
        "material_awarded": Decimal("3500.50"),
    }
    values.update(overrides)
    return AwardInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def claim(investigator: Actor, victim: Participant) -> Claim:
    return do_record_claim(actor=investigator, participant=victim, data=claim_input())


@pytest.fixture
def award(investigator: Actor, claim: Claim) -> Award:
    return do_record_award(actor=investigator, claim=claim, data=award_input())
