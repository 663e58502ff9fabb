"""What users see on the compensation pages: errors next to fields, statements and CSV, the
demo data."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from palermo.justice.compensation.demo import seed_compensation
from palermo.justice.compensation.models import Award, Claim, FundTransaction, Payment
from palermo.justice.compensation.services import balance, do_record_receipt
from tests.compensation.conftest import receipt

pytestmark = pytest.mark.django_db


def test_a_grant_larger_than_the_fund_is_refused_on_the_form(client_for, actor, funded):
    response = client_for("fund_officer").post(
        "/compensation/fund/grants/new/",
        {
            "grantee": actor("caseworker_gomel").agency.pk,
            "amount": "10000.01",
            "occurred_on": "2026-05-04",
            "document_reference": "Decision 5",
            "programme": "Shelter",
        },
    )
    assert response.status_code == 200
    assert "only 10000.00 BYN is available" in response.content.decode()
    assert FundTransaction.objects.count() == 1


def test_a_receipt_over_the_confiscated_property_shows_the_registry_amount(
    client_for, organisation, funded
):
    response = client_for("fund_officer").post(
        "/compensation/fund/receipts/new/",
        {
            "organisation": organisation.pk,
            "amount": "40000.01",
            "occurred_on": "2026-05-04",
            "document_reference": "Bank 2",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "at most 40000.00 BYN can still be received" in html


def test_the_statement_csv_has_opening_movements_closing_and_no_formulas(
    client_for, fund, organisation
):
    do_record_receipt(
        actor=fund,
        data=receipt(organisation, "1500.00", document_reference="=HYPERLINK(evil)"),
    )
    response = client_for("admin").get(
        "/compensation/fund/statement.csv?date_from=2026-01-01&date_to=2026-12-31"
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][2] == "Opening balance" and rows[1][9] == "0.00"
    assert rows[2][4] == "'=HYPERLINK(evil)" and rows[2][7] == "1500.00"
    assert rows[-1][2] == "Closing balance" and rows[-1][9] == "1500.00"


def test_a_bad_period_is_explained(client_for, funded):
    response = client_for("admin").get(
        "/compensation/fund/statement/?date_from=2026-06-01&date_to=2026-01-01"
    )
    assert "The period cannot end before it starts." in response.content.decode()
    api = client_for("admin").get("/compensation/fund/statement.csv?date_from=x&date_to=y")
    assert api.status_code == 400


def test_the_api_answers_409_when_the_fund_cannot_pay(api_for, actor, funded):
    response = api_for("fund_officer").post(
        "/api/compensation/fund/grants/",
        {
            "grantee_id": actor("caseworker_gomel").agency.pk,
            "amount": "10000.01",
            "occurred_on": "2026-05-04",
            "document_reference": "Decision",
            "programme": "Shelter",
        },
        format="json",
    )
    assert response.status_code == 409
    assert "never go negative" in response.json()["detail"]
    bad = api_for("fund_officer").post(
        "/api/compensation/fund/grants/",
        {"grantee_id": 0, "amount": "1.005", "occurred_on": "2026-05-04",
         "document_reference": "D", "programme": "P"},
        format="json",
    )  # fmt: skip
    assert bad.status_code == 400 and "amount" in bad.json()


def test_the_demo_records_a_receipt_a_grant_an_award_and_a_payment(actor, victim):
    kwargs = {
        "registrar": actor("registry_officer"),
        "fund": actor("fund_officer"),
        "investigator": actor("investigator"),
    }
    seed_compensation(**kwargs)
    kinds = sorted(FundTransaction.objects.values_list("kind", flat=True))
    assert kinds == ["grant", "receipt", "victim_payment"]
    assert Claim.objects.count() == Award.objects.count() == Payment.objects.count() == 1
    assert balance() == Decimal("30000.00") - Decimal("7500.00") - Decimal("2140.00")
    seed_compensation(**kwargs)
    assert FundTransaction.objects.count() == 3
