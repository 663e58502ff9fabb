"""In a real browser: the investigator records a victim's compensation claim and the court's
award; the fund officer pays the award from the State Compensation Fund, and the fund's balance
and the claim's outstanding amount follow."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from palermo.justice.compensation.demo import ensure_liquidated_organisation
from palermo.justice.compensation.models import Claim, Payment
from palermo.justice.compensation.services import ReceiptInput, balance, do_record_receipt
from palermo.justice.services import (
    ParticipantInput,
    ProceedingsInput,
    do_link_participant,
    do_open_proceedings,
)
from tests.browser.journey_steps import menu_link
from tests.browser.test_referral_journey import login, logout
from tests.conftest import person_input

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_an_award_and_pay_it_from_the_fund(page, live_server, actor):
    fund, investigator = actor("fund_officer"), actor("investigator")
    organisation = ensure_liquidated_organisation(
        registrar=actor("registry_officer"),
        name="Model Agency Zorka Ltd",
        registration_number="193456789",
        liquidated_on=date(2026, 1, 15),
        confiscated_amount=Decimal("50000.00"),
    )
    do_record_receipt(
        actor=fund,
        data=ReceiptInput(
            organisation_id=organisation.pk,
            amount=Decimal("10000.00"),
            occurred_on=date(2026, 2, 1),
            document_reference="Bank statement 101",
        ),
    )
    proceedings = do_open_proceedings(
        actor=investigator,
        data=ProceedingsInput(
            number="IC-2026-0042",
            opened_on=date(2026, 2, 10),
            offence_date=date(2025, 6, 1),
            articles=["cc_181"],
        ),
    )
    victim = do_link_participant(
        actor=investigator,
        proceedings=proceedings,
        data=ParticipantInput(role="victim", linked_on=date(2026, 2, 11), person=person_input()),
    )
    reference = victim.person.reference

    # The investigator records the claim and the court's award.
    login(page, live_server, "investigator")
    with page.expect_navigation():
        menu_link(page, "Compensation claims").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Record a claim IC-2026-0042").click()
    expect(page.get_by_text("Criminal Procedure Code, Chapter 48")).to_be_visible()
    page.get_by_label("Victim").select_option(label=f"Victim {reference}")
    page.get_by_label("Claim filed on").fill("2026-02-20")
    page.get_by_label("Moral damage claimed (BYN)").fill("8000")
    page.get_by_label("Material damage claimed (BYN)").fill("3500.50")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the claim").click()
    claim = Claim.objects.get()
    expect(
        page.get_by_role("heading", name=f"Compensation claim {claim.reference}")
    ).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Record the court's award").click()
    page.get_by_label("Date of the judgment").fill("2026-04-02")
    page.get_by_label("Court", exact=True).fill("Minsk City Court")
    page.get_by_label("Judgment (number and date)").fill("Judgment No. 1-118/2026")
    page.get_by_label("Moral damage awarded (BYN)").fill("5000")
    page.get_by_label("Material damage awarded (BYN)").fill("3500.50")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the award").click()
    expect(page.get_by_text("The court's award is recorded.")).to_be_visible()
    amounts = page.locator("#claim-amounts")
    expect(amounts.get_by_role("row", name="Moral damage")).to_contain_text("5,000.00")
    logout(page)

    # The fund officer pays the award in full from the fund.
    login(page, live_server, "fund_officer")
    with page.expect_navigation():
        menu_link(page, "Awards to pay").click()
    row = page.get_by_role("row").filter(has_text="IC-2026-0042")
    expect(row).to_contain_text(reference)
    expect(page.get_by_text("Шаўчэнка")).to_have_count(0)
    with page.expect_navigation():
        row.get_by_role("link", name="Pay from the fund").click()
    expect(page.get_by_label("Moral damage paid (BYN)")).to_have_value("5000.00")
    page.get_by_label("Payment document").fill("Fund payment order No. 31")
    with page.expect_navigation():
        page.get_by_role("button", name="Pay from the fund").click()
    expect(page.get_by_role("status")).to_contain_text("Paid from the fund: FT-")
    expect(page.locator("#payments")).to_contain_text("The State Compensation Fund")
    expect(
        page.locator("#claim-amounts").get_by_role("row", name="Material damage")
    ).to_contain_text("0.00")
    payment = Payment.objects.get()
    assert payment.fund_transaction is not None
    assert payment.total == Decimal("8500.50")

    with page.expect_navigation():
        menu_link(page, "Compensation fund").click()
    expect(page.locator("#fund-balance")).to_contain_text("1,499.50")
    assert balance() == Decimal("1499.50")
