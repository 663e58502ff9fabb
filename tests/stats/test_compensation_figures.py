"""Compensation and fund figures, from hand-made records, and how their amounts are protected."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency, Membership
from palermo.cases.models import Case
from palermo.jurisdictions.pack import get_pack
from palermo.justice.compensation.models import (
    Account,
    Award,
    Claim,
    Entry,
    FundTransaction,
    Payment,
)
from palermo.justice.models import Participant, Proceedings
from palermo.registries.models import InvolvedOrganisation
from palermo.stats.figures import Filters, Period, compute_figures
from palermo.stats.figures.tables import FigureTable, published_grid
from palermo.stats.release_data import audit_problems, build_release_data
from tests.stats.population import register

pytestmark = pytest.mark.django_db
YEAR = Filters(Period.year(2025))


def find(key: str, filters: Filters = YEAR) -> FigureTable:
    return next(t for t in compute_figures(filters).tables if t.key == key)


def rows(key: str, filters: Filters = YEAR) -> dict[str, list[int]]:
    table = find(key, filters)
    return dict(zip(table.rows, table.cells, strict=True))


def claim(proceedings: Proceedings, case: Case, moral: str, material: str) -> Claim:
    victim = Participant.objects.create(
        proceedings=proceedings, person=case.person, role="victim", linked_on=date(2025, 2, 1)
    )
    return Claim.objects.create(
        participant=victim,
        proceedings=proceedings,
        filed_on=date(2025, 3, 1),
        moral_claimed=Decimal(moral),
        material_claimed=Decimal(material),
        currency="BYN",
        legal_basis_key="cpc_ch48",
        legal_basis="CPC ch. 48",
    )


def award(of: Claim, moral: str, material: str) -> Award:
    return Award.objects.create(
        claim=of,
        awarded_on=date(2025, 9, 1),
        court="Minsk City Court",
        judgment_reference=f"J-{of.pk}",
        moral_awarded=Decimal(moral),
        material_awarded=Decimal(material),
        currency="BYN",
    )


def transaction(agency: Agency, kind: str, amount: str, **extra: object) -> FundTransaction:
    """A fund transaction with its two ledger entries (money in debits the bank account)."""
    made = FundTransaction.objects.create(
        kind=kind,
        occurred_on=date(2025, 10, 1),
        amount=Decimal(amount),
        currency="BYN",
        document_reference=f"D-{kind}-{amount}",
        legal_basis_key="law_350z_art29",
        legal_basis="Art. 29",
        recorded_for=agency,
        recorded_by=Membership.objects.filter(agency=agency).first().user,  # type: ignore[union-attr]
        **extra,
    )
    into_cash = kind == "receipt" or (
        kind == "reversal" and isinstance(made.reverses, FundTransaction)
        and made.reverses.kind != "receipt"
    )  # fmt: skip
    other = {
        "receipt": "confiscation_receipts", "victim_payment": "victim_payments",
        "grant": "grants", "reversal": "grants",
    }[kind]  # fmt: skip
    accounts = {
        code: Account.objects.get_or_create(code=code, defaults={"kind": kind_of})[0]
        for code, kind_of in (("fund_cash", "asset"), (other, "expense"))
    }
    for code, side in (("fund_cash", "debit"), (other, "credit")):
        flipped = side if into_cash else ("credit" if side == "debit" else "debit")
        Entry.objects.create(
            transaction=made, account=accounts[code], side=flipped, amount=made.amount,
            currency="BYN",
        )  # fmt: skip
    return made


@pytest.fixture
def proceedings(personas: dict[str, Membership]) -> Proceedings:
    return Proceedings.objects.create(
        number="7/2025",
        investigating_agency=personas["officer_minsk"].agency,
        stage="verdict",
        stage_since=date(2025, 9, 1),
        opened_on=date(2025, 1, 15),
    )


def test_claims_awards_payments_and_the_fund(
    actor: Callable[[str], Actor], personas: dict[str, Membership], proceedings: Proceedings
) -> None:
    police = actor("officer_minsk")
    cases = [register(police, n, identified_on=date(2025, 1, 10)) for n in range(1, 5)]
    pending = claim(proceedings, cases[0], "1000.00", "0")
    unpaid = claim(proceedings, cases[1], "2000.00", "500.40")
    partly = claim(proceedings, cases[2], "3000.00", "0")
    full = claim(proceedings, cases[3], "4000.00", "100.00")
    assert pending.pk
    award(unpaid, "1500.00", "500.40")
    award(partly, "3000.00", "0")
    award(full, "2000.00", "100.00")
    agency = personas["officer_minsk"].agency
    Payment.objects.create(
        claim=partly, payer="offender", paid_on=date(2025, 10, 1),
        moral_amount=Decimal("1000.00"), currency="BYN", document_reference="P1",
    )  # fmt: skip
    from_fund = transaction(agency, "victim_payment", "2100.00")
    Payment.objects.create(
        claim=full, payer="fund", paid_on=date(2025, 10, 1), moral_amount=Decimal("2000.00"),
        material_amount=Decimal("100.00"), currency="BYN", document_reference="P2",
        fund_transaction=from_fund,
    )  # fmt: skip
    liquidated = InvolvedOrganisation.objects.create(
        name="Fake Jobs", country="BY", kind="domestic", stage="liquidated",
        suspended_on=date(2024, 2, 1),
    )  # fmt: skip
    transaction(agency, "receipt", "50000.00", organisation=liquidated)
    wrong = transaction(agency, "grant", "999.00", grantee=agency)
    transaction(agency, "reversal", "999.00", reverses=wrong)
    transaction(agency, "grant", "7000.00", grantee=agency)

    assert rows("compensation_claims") == {
        "no_award": [1],
        "awarded_unpaid": [1],
        "awarded_part_paid": [1],
        "awarded_paid": [1],
    }
    assert rows("compensation_claimed") == {"moral": [10000], "material": [600]}
    assert rows("compensation_awarded") == {"moral": [6500], "material": [600]}
    paid = rows("compensation_paid")
    assert paid == {"offender": [1000, 0], "fund": [2000, 100]}
    assert find("compensation_paid").total == 3100
    assert rows("fund_receipts") == {"receipt": [50000]}
    # The reversed grant and its reversal moved nothing.
    assert rows("fund_disbursements") == {"victim_payment": [2100], "grant": [7000]}
    assert rows("fund_balance") == {"balance": [50000 - 2100 - 7000]}

    # Published: every amount here stands on fewer than k records, so none is shown, and the
    # release passes its audit.
    rule = get_pack().disclosure
    assert rule is not None
    grid = published_grid(find("compensation_paid"), rule)
    assert grid.grand_total is None and grid.cells == [[None, 0], [None, None]]  # 0: nobody
    release, audits = build_release_data(2025, rule)
    assert all(audits[key]["passed"] for key in ("compensation_paid", "fund_disbursements"))
    assert audit_problems(release, rule) == []


def test_an_amount_on_enough_records_is_published_and_a_small_one_is_not() -> None:
    """Twelve payments from the fund and one from an offender: the offender's amount is
    withheld, and so is enough else that it cannot be worked out from the totals."""
    rule = get_pack().disclosure
    assert rule is not None
    table = FigureTable(
        key="compensation_paid",
        row_dimension="payer",
        rows=["offender", "fund"],
        column_dimension="damage",
        columns=["moral", "material"],
        cells=[[700, 0], [24000, 3600]],
        contributors=[[1, 0], [12, 12]],
    )
    grid = published_grid(table, rule)
    assert grid.cells[0][0] is None  # the one offender's payment
    assert grid.row_totals[0] is None  # or it would be its row total
    assert grid.cells[0][1] == 0  # nothing paid: a true zero
    # Whatever stays published, the offender's 700 can lie anywhere from 0 to at least 700.
    from palermo.stats.figures.tables import magnitude_problems

    hidden = {i for i, v in enumerate(grid.published_values) if v is None}
    assert magnitude_problems(table, hidden, rule) == []
    # Primary suppression alone would give it away through the row total: caught.
    linear = table.numbered()[0]
    only_primary = {i for i, v in enumerate(linear.values) if v == 700}
    assert magnitude_problems(table, only_primary, rule)
