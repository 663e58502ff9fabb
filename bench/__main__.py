"""Benchmarks: `./run bench all [--full] [--record]` runs every one below at its default size
(`--full`: the national sizes, a million persons), each in a fresh database; or one of them:
`./run bench [--cases N] [--record]` (registration and search), `./run bench duplicates [...]`,
`./run bench pages [...]`, `./run bench imports [...]`, `./run bench fund [...]`, `./run bench audit [...]`,
`./run bench bulk [...]`.

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
    if os.environ.get("PALERMO_BENCH_FRESH") == "1" and database_url:
        # `bench all` on a given database: every benchmark starts from an empty one.
        call_command("flush", interactive=False, verbosity=0)


def record_section(
    title: str, name: str, argv: list[str], rows: list[tuple[str, str]], *, record: bool
) -> None:
    """Prints the results as a table and, with ``record``, appends them to BENCHMARKS.md."""
    from django.db import connection

    lines = [
        f"### {title} — {date.today().isoformat()}, {connection.vendor}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "",
        "| measure | value |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in rows],
        "",
    ]
    print("\n".join(lines))
    if not record:
        return
    command = " ".join(["./run bench", name, *[a for a in argv if a != "--record"]])
    if connection.vendor != "sqlite":
        command = f"PALERMO_DATABASE_URL=<{connection.vendor}> {command}"
    path = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"
    with path.open("a") as fh:
        fh.write(f"\nCommand: `{command}`\n\n" + "\n".join(lines))


# Each benchmark of `bench all`: its arguments at the default and at the national (--full) size.
ALL = [
    ("pages", ["--cases", "300"], ["--cases", "3000"]),
    ("imports", ["--rows", "5000"], ["--rows", "50000"]),
    ("duplicates", ["--persons", "20000", "--checks", "200"], ["--persons", "1000000"]),
    ("cases", ["--cases", "2000"], ["--cases", "100000"]),
    ("fund", ["--grants", "500"], ["--grants", "5000"]),
]


def run_all(argv: list[str]) -> int:
    """Every benchmark, one after the other, each in its own process and fresh database."""
    import subprocess

    full = "--full" in argv
    extra = ["--record"] if "--record" in argv else []
    env = {**os.environ, "PALERMO_BENCH_FRESH": "1"}
    started = time.perf_counter()
    failed = []
    for name, default, national in ALL:
        args = [] if name == "cases" else [name]
        command = [sys.executable, "-m", "bench", *args, *(national if full else default), *extra]
        print(f"== {name}: {' '.join(command[2:])}", file=sys.stderr, flush=True)
        if subprocess.run(command, env=env, check=False).returncode != 0:  # noqa: S603
            failed.append(name)
    minutes = (time.perf_counter() - started) / 60
    print(f"== every benchmark ran in {minutes:.1f} minutes; failed: {failed or 'none'}")
    return 1 if failed else 0


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
    if sys.argv[1:2] == ["all"]:
        return run_all(sys.argv[2:])
    if sys.argv[1:2] == ["pages"]:
        from bench import pages

        return pages.main(sys.argv[2:])
    if sys.argv[1:2] == ["imports"]:
        from bench import imports

        return imports.main(sys.argv[2:])
    if sys.argv[1:2] == ["duplicates"]:
        from bench import duplicates

        return duplicates.main(sys.argv[2:])
    if sys.argv[1:2] == ["audit"]:
        from bench import audit

        return audit.main(sys.argv[2:])
    if sys.argv[1:2] == ["bulk"]:
        from bench import bulk

        return bulk.main(sys.argv[2:])
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
