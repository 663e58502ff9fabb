"""The fund officer's dashboard counts the court awards still waiting for payment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from palermo.justice.compensation.services import PaymentInput, do_pay_from_fund


def awards_line(client) -> str:  # type: ignore[no-untyped-def]
    html = client.get("/").content.decode()
    start = html.find('id="awards-heading"')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


def test_the_fund_officer_sees_how_many_awards_wait(award, client_for):
    line = awards_line(client_for("fund_officer"))
    assert "1 award with an amount outstanding" in line
    assert 'href="/compensation/awards/"' in line


def test_an_award_paid_in_full_no_longer_waits(fund, funded, award, client_for):
    paid = PaymentInput(
        paid_on=date(2026, 5, 4),
        moral_amount=Decimal("5000.00"),
        material_amount=Decimal("3500.50"),
        document_reference="Payment order 7",
    )
    do_pay_from_fund(actor=fund, award=award, data=paid)
    assert "0 awards with an amount outstanding" in awards_line(client_for("fund_officer"))


def test_no_count_for_roles_that_do_not_pay(award, client_for):
    for persona in ("investigator", "admin", "analyst", "officer_minsk"):
        assert awards_line(client_for(persona)) == "", persona
