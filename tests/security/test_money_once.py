"""Money is booked once: a document books one movement, and a retried API request with the same
Idempotency-Key answers as the first instead of acting twice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from palermo.cases.models import Case
from palermo.core.models import IdempotentRequest
from palermo.justice.compensation.demo import ensure_liquidated_organisation
from palermo.justice.compensation.models import FundTransaction
from palermo.justice.compensation.services import (
    ReceiptInput,
    ReversalInput,
    do_record_receipt,
    do_reverse_transaction,
)


@pytest.fixture
def organisation(actor):
    return ensure_liquidated_organisation(
        registrar=actor("registry_officer"),
        name="Model Agency Zorka Ltd",
        registration_number="193456789",
        liquidated_on=date(2026, 1, 15),
        confiscated_amount=Decimal("50000.00"),
    )


def receipt_body(organisation, document: str = "Bank statement No. 7 of 01.02.2026") -> dict:
    return {
        "organisation_id": organisation.pk,
        "amount": "1000.00",
        "currency": "BYN",
        "occurred_on": "2026-02-01",
        "document_reference": document,
    }


def test_the_same_bank_document_is_not_booked_twice(api_for, organisation):
    client = api_for("fund_officer")
    first = client.post("/api/compensation/fund/receipts/", receipt_body(organisation))
    assert first.status_code == 201, first.content
    again = client.post(
        "/api/compensation/fund/receipts/",
        receipt_body(organisation, "bank statement no. 7 of 01.02.2026"),
    )
    assert again.status_code == 400
    assert "document_reference" in again.json()
    assert FundTransaction.objects.count() == 1


def test_a_reversed_receipt_may_be_booked_again(actor, organisation):
    fund = actor("fund_officer")
    data = ReceiptInput(
        organisation_id=organisation.pk,
        amount=Decimal("10.00"),
        occurred_on=date(2026, 2, 1),
        document_reference="Bank statement No. 9",
    )
    wrong = do_record_receipt(actor=fund, data=data)
    with pytest.raises(ValidationError):
        do_record_receipt(actor=fund, data=data)
    do_reverse_transaction(
        actor=fund,
        original=wrong,
        data=ReversalInput(
            occurred_on=date(2026, 2, 2), document_reference="Correction 1", reason="typo"
        ),
    )
    assert do_record_receipt(actor=fund, data=data).pk != wrong.pk


def test_a_retried_receipt_with_the_same_key_books_once(api_for, organisation):
    client = api_for("fund_officer")
    body = receipt_body(organisation)
    first = client.post(
        "/api/compensation/fund/receipts/", body, format="json", HTTP_IDEMPOTENCY_KEY="r-1"
    )
    retry = client.post(
        "/api/compensation/fund/receipts/", body, format="json", HTTP_IDEMPOTENCY_KEY="r-1"
    )
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert FundTransaction.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(api_for, organisation):
    client = api_for("fund_officer")
    client.post(
        "/api/compensation/fund/receipts/",
        receipt_body(organisation),
        format="json",
        HTTP_IDEMPOTENCY_KEY="r-2",
    )
    other = client.post(
        "/api/compensation/fund/receipts/",
        receipt_body(organisation, "Bank statement No. 8"),
        format="json",
        HTTP_IDEMPOTENCY_KEY="r-2",
    )
    assert other.status_code == 422
    assert FundTransaction.objects.count() == 1


CASE = {
    "person": {"family_name": "Смирнова", "gender": "female", "citizenship": "BY"},
    "identification_method": "hotline",
    "exploitation_forms": ["forced_labour"],
    "region": "BY-HM",
    "identified_on": "2026-01-15",
}


def test_a_retried_case_registration_creates_one_case(api_for, personas):
    client = api_for("officer_minsk")
    answers = [
        client.post("/api/cases/", CASE, format="json", HTTP_IDEMPOTENCY_KEY="c-1")
        for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert len({a.json()["reference"] for a in answers}) == 1
    assert Case.objects.count() == 1
    # The stored answer holds identity data: it is kept encrypted.
    stored = IdempotentRequest.objects.get()
    assert "Смирнова" not in stored.response_body


def test_an_error_is_not_remembered_so_a_fixed_retry_works(api_for, personas):
    client = api_for("officer_minsk")
    bad = client.post(
        "/api/cases/", {**CASE, "region": "XX"}, format="json", HTTP_IDEMPOTENCY_KEY="c-2"
    )
    assert bad.status_code == 400
    good = client.post("/api/cases/", CASE, format="json", HTTP_IDEMPOTENCY_KEY="c-2")
    assert good.status_code == 201


def test_keys_are_per_user(api_for, personas):
    minsk = api_for("officer_minsk").post(
        "/api/cases/", CASE, format="json", HTTP_IDEMPOTENCY_KEY="shared"
    )
    gomel = api_for("caseworker_gomel").post(
        "/api/cases/", CASE, format="json", HTTP_IDEMPOTENCY_KEY="shared"
    )
    assert minsk.status_code == gomel.status_code == 201
    assert Case.objects.count() == 2
