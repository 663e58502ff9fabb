"""`./run bench fund [--grants N] [--record]`: the fund's ledger as it grows.

Every payment and grant checks, under a row lock, that the fund's balance stays non-negative on
every date from the payment on; the balance is summed from the entries (nothing cached that could
drift). This measures what that costs as the ledger grows: the time of one grant after 10, 100,
1,000 ... transactions, through the real service (validation, ledger entries, audit chain).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path


def run(grants: int) -> list[tuple[str, str]]:
    from palermo.accounts.actor import actor_for_membership
    from palermo.accounts.models import Agency
    from palermo.demo.personas import ensure_personas
    from palermo.justice.compensation.demo import ensure_liquidated_organisation
    from palermo.justice.compensation.services import (
        GrantInput,
        ReceiptInput,
        balance,
        do_record_grant,
        do_record_receipt,
    )

    personas = ensure_personas()
    fund = actor_for_membership(personas["fund_officer"])
    registrar = actor_for_membership(personas["registry_officer"])
    start = date(2020, 1, 1)
    organisation = ensure_liquidated_organisation(
        registrar=registrar,
        name="Bench Travel LLC",
        registration_number="190000001",
        liquidated_on=start,
        confiscated_amount=Decimal(grants * 10 + 1000),
    )
    do_record_receipt(
        actor=fund,
        data=ReceiptInput(
            organisation_id=organisation.pk,
            amount=Decimal(grants * 10 + 1000),
            occurred_on=start,
            document_reference="Bench receipt",
        ),
        today=start + timedelta(days=grants // 10 + 10),
    )
    grantee = Agency.objects.get(pk=personas["caseworker_gomel"].agency_id)
    marks = {m for m in (10, 100, 1000, 10000, 100000) if m <= grants} | {grants}
    window: list[float] = []
    results: list[tuple[str, str]] = []
    for i in range(1, grants + 1):
        day = start + timedelta(days=i // 10)
        t0 = time.perf_counter()
        do_record_grant(
            actor=fund,
            data=GrantInput(
                grantee_id=grantee.pk,
                amount=Decimal("7.50"),
                occurred_on=day,
                document_reference=f"Bench decision {i}",
                programme="Bench programme",
            ),
            today=start + timedelta(days=grants // 10 + 10),
        )
        window = [*window[-49:], (time.perf_counter() - t0) * 1000]
        if i in marks:
            results.append(
                (f"one grant with {i} transactions in the ledger, median of the last {len(window)}",
                 f"{statistics.median(window):.1f} ms")
            )  # fmt: skip
    expected = Decimal(grants * 10 + 1000) - Decimal("7.50") * grants
    results.append(
        ("fund balance afterwards equals receipts minus grants", str(balance() == expected))
    )
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="./run bench fund")
    parser.add_argument("--grants", type=int, default=2000)
    parser.add_argument("--record", action="store_true", help="append the results to BENCHMARKS.md")
    args = parser.parse_args(argv)
    from bench.__main__ import _setup

    _setup(os.environ.get("PALERMO_DATABASE_URL"))
    from django.db import connection

    results = run(args.grants)
    lines = [
        f"### Fund ledger — {date.today().isoformat()}, {connection.vendor}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "",
        "| measure | value |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in results],
        "",
    ]
    print("\n".join(lines))
    if args.record:
        path = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"
        with path.open("a") as fh:
            fh.write(f"\nCommand: `./run bench fund --grants {args.grants}`\n\n")
            fh.write("\n".join(lines) + "\n")
    return 0
