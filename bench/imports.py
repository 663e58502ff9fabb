"""Registry import benchmark: `./run bench imports [--rows N] [--rounds R] [--record]`.

A licence file of N valid rows imported through the real path (parse, check every row, look up
the numbers already registered, bulk insert, one audit event), against the baseline: a plain
bulk insert of the same rows. Alternating rounds, each rolled back, so that every round starts
from the same empty registry; the figure is the baseline's time divided by the import's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from typing import Any

HEADER = "kind,number,holder_name,holder_type,taxpayer_number,issued_on,valid_from,valid_until"


class _Rollback(Exception):
    pass


def licence_file(rows: int) -> bytes:
    lines = [HEADER]
    for i in range(rows):
        kind = "employment_abroad" if i % 3 else "marriage_agency"
        lines.append(
            f"{kind},L-{i:07d},Agency {i} LLC,legal_person,{190000000 + i},"
            "2024-01-10,2024-01-10,2029-12-31"
        )
    return ("\n".join(lines) + "\n").encode()


def _plain_rows(rows: int) -> list[Any]:
    from datetime import date

    from palermo.registries.models import Licence

    return [
        Licence(
            kind="employment_abroad" if i % 3 else "marriage_agency",
            number=f"L-{i:07d}",
            holder_name=f"Agency {i} LLC",
            holder_type="legal_person",
            taxpayer_number=f"{190000000 + i}",
            issued_on=date(2024, 1, 10),
            valid_from=date(2024, 1, 10),
            valid_until=date(2029, 12, 31),
            legal_basis="baseline",
            status="active",
        )
        for i in range(rows)
    ]


def _timed_rollback(action: Any) -> float:
    from django.db import transaction

    start = time.perf_counter()
    try:
        with transaction.atomic():
            action()
            elapsed = time.perf_counter() - start
            raise _Rollback
    except _Rollback:
        pass
    return elapsed


def run(argv: list[str] | None = None) -> list[tuple[str, str]]:
    args = _parser().parse_args(argv or [])
    from palermo.accounts.actor import actor_for_membership
    from palermo.demo.personas import ensure_personas
    from palermo.registries.importers import run_import
    from palermo.registries.models import Licence

    registrar = actor_for_membership(ensure_personas()["registry_officer"])
    content = licence_file(args.rows)

    def imported() -> None:
        report = run_import(actor=registrar, registry="licences", filename="l.csv", content=content)
        if not report.ok or report.created != args.rows:
            raise RuntimeError(f"the import failed: {report.errors[:3]}")

    def baseline() -> None:
        Licence.objects.bulk_create(_plain_rows(args.rows))

    import_times, baseline_times = [], []
    for _round in range(args.rounds):
        baseline_times.append(_timed_rollback(baseline))
        import_times.append(_timed_rollback(imported))
    ours, plain = statistics.median(import_times), statistics.median(baseline_times)
    return [
        ("rows in the file", f"{args.rows}"),
        ("plain bulk insert of the same rows (the baseline), median", f"{plain * 1000:.0f} ms"),
        ("import (parse, check, bulk insert, one audit event), median", f"{ours * 1000:.0f} ms"),
        ("import vs bulk insert (baseline time / import time)", f"{plain / ours:.2f}×"),
    ]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="./run bench imports")
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--record", action="store_true", help="append the results to BENCHMARKS.md")
    return parser


def main(argv: list[str]) -> int:
    from bench.__main__ import _setup, record_section

    args = _parser().parse_args(argv)
    _setup(os.environ.get("PALERMO_DATABASE_URL"))
    rows = run([a for a in argv if a != "--record"])
    record_section("Registry import", "imports", argv, rows, record=args.record)
    return 0
