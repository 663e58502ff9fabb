"""Compensation and the fund: claims by what became of them, amounts claimed, awarded and paid,
and the fund's receipts and disbursements (CPC ch. 48; Law No. 350-Z Art. 29).

Amounts are in the fund's currency (other currencies are left out and the definitions say so),
summed in the database and shown in whole units. They are tables of amounts: disclosure control
looks at how many claims, awards, payments or transactions stand behind each amount
(docs/statistics.md, "Amounts"). Region narrows by the investigating agency's region, the kind
of agency by its kind; the fund is national and is not narrowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from palermo.jurisdictions.sections_stats import DOMINANCE_DEPTH
from palermo.justice.compensation.models import Award, Claim, Entry, FundTransaction, Payment
from palermo.justice.compensation.rules import rules
from palermo.justice.compensation.vocab import AccountCode, Payer, Side, TransactionKind
from palermo.stats.figures.persons import Filters
from palermo.stats.figures.tables import FigureTable

DAMAGES = ["moral", "material"]
CLAIM_STATES = ["no_award", "awarded_unpaid", "awarded_part_paid", "awarded_paid"]
MONEY = DecimalField(max_digits=20, decimal_places=2)
BALANCE = "balance"


def _whole(amount: Decimal | None) -> int:
    return int((amount or Decimal(0)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _narrow(qs: QuerySet[Any], filters: Filters, proceedings: str) -> QuerySet[Any]:
    if filters.region:
        qs = qs.filter(**{f"{proceedings}investigating_agency__region": filters.region})
    if filters.agency_kind:
        qs = qs.filter(**{f"{proceedings}investigating_agency__kind": filters.agency_kind})
    return qs


def _counted_payments() -> QuerySet[Payment]:
    """Payments that count as paid: a fund payment whose transaction was reversed does not."""
    return Payment.objects.exclude(fund_transaction__reversed_by__isnull=False)


def compensation_tables(filters: Filters) -> list[FigureTable]:
    start, end = filters.period.start, filters.period.end
    try:
        currency = rules().currency
    except LookupError:  # a jurisdiction without compensation rules has no such figures
        return []
    claims = _narrow(
        Claim.objects.filter(filed_on__gte=start, filed_on__lte=end, currency=currency),
        filters,
        "proceedings__",
    )
    awards = _narrow(
        Award.objects.filter(awarded_on__gte=start, awarded_on__lte=end, currency=currency),
        filters,
        "claim__proceedings__",
    )
    payments = _narrow(
        _counted_payments().filter(paid_on__gte=start, paid_on__lte=end, currency=currency),
        filters,
        "claim__proceedings__",
    )
    return [
        _claim_states(claims),
        _by_damage(
            "compensation_claimed",
            "claimed",
            [_largest(claims, "moral_claimed"), _largest(claims, "material_claimed")],
            claims.aggregate(
                moral=Sum("moral_claimed"),
                material=Sum("material_claimed"),
                moral_n=Count("pk", filter=Q(moral_claimed__gt=0)),
                material_n=Count("pk", filter=Q(material_claimed__gt=0)),
            ),
        ),
        _by_damage(
            "compensation_awarded",
            "awarded",
            [_largest(awards, "moral_awarded"), _largest(awards, "material_awarded")],
            awards.aggregate(
                moral=Sum("moral_awarded"),
                material=Sum("material_awarded"),
                moral_n=Count("pk", filter=Q(moral_awarded__gt=0)),
                material_n=Count("pk", filter=Q(material_awarded__gt=0)),
            ),
        ),
        _paid(payments),
        *_fund(filters),
    ]


def _claim_states(claims: QuerySet[Claim]) -> FigureTable:
    paid = (
        _counted_payments()
        .filter(claim=OuterRef("pk"))
        .order_by()
        .values("claim")
        .annotate(paid_sum=Sum("moral_amount") + Sum("material_amount"))
        .values("paid_sum")
    )
    annotated = claims.annotate(
        awarded=Exists(Award.objects.filter(claim=OuterRef("pk"))),
        award_total=Coalesce(
            Subquery(
                Award.objects.filter(claim=OuterRef("pk")).values("moral_awarded")[:1],
                output_field=MONEY,
            ),
            Value(Decimal(0)),
            output_field=MONEY,
        )
        + Coalesce(
            Subquery(
                Award.objects.filter(claim=OuterRef("pk")).values("material_awarded")[:1],
                output_field=MONEY,
            ),
            Value(Decimal(0)),
            output_field=MONEY,
        ),
        paid_total=Coalesce(
            Subquery(paid, output_field=MONEY), Value(Decimal(0)), output_field=MONEY
        ),
    )
    counts: dict[str, int] = dict.fromkeys(CLAIM_STATES, 0)
    grouped = annotated.values("awarded", "award_total", "paid_total").annotate(n=Count("pk"))
    for row in grouped.order_by():
        if not row["awarded"]:
            state = "no_award"
        elif (row["paid_total"] or 0) <= 0:
            state = "awarded_unpaid"
        elif row["paid_total"] < row["award_total"]:
            state = "awarded_part_paid"
        else:
            state = "awarded_paid"
        counts[state] += int(row["n"])
    return FigureTable(
        key="compensation_claims",
        row_dimension="claim_state",
        rows=CLAIM_STATES,
        column_dimension="count",
        columns=["claims"],
        cells=[[counts[s]] for s in CLAIM_STATES],
        row_totals=False,
    )


def _largest(records: QuerySet[Any], field: str) -> list[int]:
    """The largest amounts of ``field`` among ``records``, largest first, for the dominance
    rule (a few rows through the ordering, not the whole cell)."""
    top = records.filter(**{f"{field}__gt": 0}).order_by(f"-{field}")
    return [_whole(v) for v in top.values_list(field, flat=True)[:DOMINANCE_DEPTH]]


def _by_damage(
    key: str, column: str, largest: list[list[int]], sums: Mapping[str, Any]
) -> FigureTable:
    return FigureTable(
        key=key,
        row_dimension="damage",
        rows=DAMAGES,
        column_dimension="amount",
        columns=[column],
        cells=[[_whole(sums[d])] for d in DAMAGES],
        row_totals=False,
        contributors=[[int(sums[f"{d}_n"])] for d in DAMAGES],
        largest=[[top] for top in largest],
    )


def _paid(payments: QuerySet[Payment]) -> FigureTable:
    cells: dict[tuple[str, str], int] = {}
    contributors: dict[tuple[str, str], int] = {}
    grouped = payments.values("payer").annotate(
        moral=Sum("moral_amount"),
        material=Sum("material_amount"),
        moral_n=Count("pk", filter=Q(moral_amount__gt=0)),
        material_n=Count("pk", filter=Q(material_amount__gt=0)),
    )
    for row in grouped.order_by():
        values: dict[str, Any] = dict(row)
        for damage in DAMAGES:
            cells[(values["payer"], damage)] = _whole(values[damage])
            contributors[(values["payer"], damage)] = int(values[f"{damage}_n"])
    payers = list(Payer.values)
    return FigureTable(
        key="compensation_paid",
        row_dimension="payer",
        rows=payers,
        column_dimension="damage",
        columns=DAMAGES,
        cells=[[cells.get((p, d), 0) for d in DAMAGES] for p in payers],
        contributors=[[contributors.get((p, d), 0) for d in DAMAGES] for p in payers],
        largest=[
            [
                _largest(payments.filter(payer=p), f"{d}_amount")
                if contributors.get((p, d))
                else []
                for d in DAMAGES
            ]
            for p in payers
        ],
    )


def _fund(filters: Filters) -> list[FigureTable]:
    """Receipts and disbursements of the fund in the period; reversed transactions and the
    reversals themselves are left out (together they moved nothing)."""
    moved = FundTransaction.objects.filter(
        occurred_on__gte=filters.period.start,
        occurred_on__lte=filters.period.end,
        currency=rules().currency,
        reverses__isnull=True,
        reversed_by__isnull=True,
    )
    sums: dict[str, int] = {}
    counts: dict[str, int] = {}
    for row in moved.values("kind").annotate(total=Sum("amount"), n=Count("pk")).order_by():
        sums[row["kind"]] = _whole(row["total"])
        counts[row["kind"]] = int(row["n"])

    def table(key: str, kinds: list[str]) -> FigureTable:
        return FigureTable(
            key=key,
            row_dimension="fund_transaction",
            rows=kinds,
            column_dimension="amount",
            columns=["amount"],
            cells=[[sums.get(k, 0)] for k in kinds],
            row_totals=False,
            contributors=[[counts.get(k, 0)] for k in kinds],
        )

    # The balance of the fund's bank account at the end of the period, from its ledger entries.
    currency = rules().currency
    cash = Entry.objects.filter(
        account__code=AccountCode.FUND_CASH,
        currency=currency,
        transaction__occurred_on__lte=filters.period.end,
    ).aggregate(
        debit=Sum("amount", filter=Q(side=Side.DEBIT)),
        credit=Sum("amount", filter=Q(side=Side.CREDIT)),
        n=Count("transaction", distinct=True),
    )
    # The bank account is an asset: debits increase it.
    sums[BALANCE] = _whole((cash["debit"] or Decimal(0)) - (cash["credit"] or Decimal(0)))
    counts[BALANCE] = int(cash["n"])
    return [
        table("fund_balance", [BALANCE]),
        table("fund_receipts", [TransactionKind.RECEIPT.value]),
        table(
            "fund_disbursements",
            [TransactionKind.VICTIM_PAYMENT.value, TransactionKind.GRANT.value],
        ),
    ]
