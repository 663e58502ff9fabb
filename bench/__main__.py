"""Benchmarks: `./run bench [--cases N] [--record]` and `./run bench duplicates [...]`.

Measures, on a fresh database (a temporary SQLite file unless PALERMO_DATABASE_URL is set):
registration throughput through the real service (encryption, blind indexes, audit chain), and the
latency of finding a case by name and by reference number among all registered cases.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def _setup(database_url: str | None) -> None:
    tmp = tempfile.mkdtemp(prefix="palermo-bench-")
    os.environ.setdefault("PALERMO_ENV", "test")
    os.environ["PALERMO_DATABASE_URL"] = database_url or f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palermo.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct))]


def run(cases: int, searches: int) -> list[tuple[str, str]]:
    from palermo.accounts.actor import actor_for_membership
    from palermo.cases.models import Case
    from palermo.cases.queries import search_cases
    from palermo.demo.generator import generate
    from palermo.demo.personas import ensure_personas

    results: list[tuple[str, str]] = []
    start = time.perf_counter()
    batch = 1000
    done = Case.objects.count()  # a reused database (--sqlite) keeps what an earlier run made
    cases = max(cases, done)
    registered_now = cases - done
    while done < cases:
        n = min(batch, cases - done)
        generate(seed=done + 1, cases=n, today=date(2026, 11, 1))
        done += n
        print(f"  registered {done}/{cases}", file=sys.stderr)
    elapsed = time.perf_counter() - start
    results.append(("cases in the database", f"{cases}"))
    if registered_now:
        results.append(("registration, mean per case", f"{elapsed / registered_now * 1000:.1f} ms"))

    admin = actor_for_membership(ensure_personas()["admin"])
    sample = list(Case.objects.select_related("person").order_by("?")[:searches])
    name_times, ref_times, hits = [], [], 0
    for case in sample:
        query = f"{case.person.family_name_latin} {case.person.given_name_latin}"
        t0 = time.perf_counter()
        found = list(search_cases(admin, query)[:25])
        name_times.append((time.perf_counter() - t0) * 1000)
        hits += case in found or len(found) == 25
        t0 = time.perf_counter()
        list(search_cases(admin, case.reference))
        ref_times.append((time.perf_counter() - t0) * 1000)
    results.append(
        (
            "name search, median / p95",
            f"{statistics.median(name_times):.1f} / {_percentile(name_times, 0.95):.1f} ms",
        )
    )
    results.append(("name search finds the case (or a full page)", f"{hits}/{len(sample)}"))
    results.append(
        (
            "reference search, median / p95",
            f"{statistics.median(ref_times):.1f} / {_percentile(ref_times, 0.95):.1f} ms",
        )
    )
    return results


def main() -> int:
    if sys.argv[1:2] == ["duplicates"]:
        from bench import duplicates

        return duplicates.main(sys.argv[2:])
    if sys.argv[1:2] == ["stats"]:
        from bench import stats

        return stats.main(sys.argv[2:])
    if sys.argv[1:2] == ["fund"]:
        from bench import fund

        return fund.main(sys.argv[2:])
    parser = argparse.ArgumentParser(prog="./run bench")
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--record", action="store_true", help="append the results to BENCHMARKS.md")
    parser.add_argument("--sqlite", metavar="FILE", help="use (and keep) this SQLite file")
    args = parser.parse_args()
    url = f"sqlite:///{Path(args.sqlite).resolve()}" if args.sqlite else None
    _setup(url or os.environ.get("PALERMO_DATABASE_URL"))
    from django.db import connection

    results = run(args.cases, args.searches)
    header = (
        f"### Registration and case search — {date.today().isoformat()}, {connection.vendor}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    lines = [
        header,
        "",
        "| measure | value |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in results],
        "",
    ]
    print("\n".join(lines))
    if args.record:
        path = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"
        if not path.exists():
            path.write_text("# Benchmarks\n\nRun with `./run bench --record`; newest last.\n\n")
        with path.open("a") as fh:
            fh.write(f"Command: `./run bench --cases {args.cases} --searches {args.searches}`\n\n")
            fh.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
