"""`./run bench bulk [--cases N] [--compare M] [--record]`: the bulk generator against the
per-case service, side by side in one run.

Writes N synthetic cases with `palermo generate --bulk`'s code (plain multi-row inserts, COPY on
PostgreSQL) and registers M cases through the real service (`do_register_case`: validation,
encryption, name and match keys, audit chain) in the same database, and reports both rates and
their ratio. The ratio holds on a busy machine where absolute times do not.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from datetime import date
from pathlib import Path


def run(cases: int, compare: int) -> list[tuple[str, str]]:
    from palermo.demo.generator import generate
    from palermo.stats.exchange.services import do_generate_bulk

    # Warm-up: the agencies, personas and service directory both paths create on first use.
    generate(seed=3, cases=1, today=date(2026, 11, 1))
    do_generate_bulk(cases=1, seed=3)
    t0 = time.perf_counter()
    result = do_generate_bulk(cases=cases, seed=1)
    bulk_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    generate(seed=2, cases=compare, today=date(2026, 11, 1))
    service_seconds = time.perf_counter() - t0
    bulk_per_case = bulk_seconds / cases * 1000
    service_per_case = service_seconds / compare * 1000
    return [
        ("bulk: cases written (with their services and referrals)", f"{result.cases}"),
        (
            "bulk: services / referrals written",
            f"{result.services} / {result.referrals}",
        ),
        ("bulk: time, mean per case", f"{bulk_seconds:.1f} s, {bulk_per_case:.3f} ms"),
        ("service (do_register_case): cases", f"{compare}"),
        ("service: time, mean per case", f"{service_seconds:.1f} s, {service_per_case:.2f} ms"),
        ("bulk is faster per case by", f"{service_per_case / bulk_per_case:.0f}×"),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="./run bench bulk")
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--compare", type=int, default=300)
    parser.add_argument("--record", action="store_true", help="append the results to BENCHMARKS.md")
    args = parser.parse_args(argv)
    from bench.__main__ import _setup

    _setup(os.environ.get("PALERMO_DATABASE_URL"))
    from django.db import connection

    results = run(args.cases, args.compare)
    lines = [
        f"### Bulk generator — {date.today().isoformat()}, {connection.vendor}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}",
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
            fh.write(
                f"\nCommand: `./run bench bulk --cases {args.cases} --compare {args.compare}`\n\n"
            )
            fh.write("\n".join(lines) + "\n")
    return 0
