"""`./run bench stats [--cases N] [--record]`: the figures engine against hand-written SQL.

The same three figures of one year — persons by sex and age, by form of exploitation and age,
by region, each person counted once (first case in the year) — computed by the engine's ORM
queries and by one hand-written SQL query each, side by side in one run on the same database.
The ratio (engine / SQL) is what matters; absolute times depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

FIRSTS = """
WITH pop AS (
  SELECT c.id, c.person_id, c.identified_on, c.is_minor, c.region
  FROM cases_case c
  WHERE c.identified_on BETWEEN %s AND %s AND c.trafficking_status <> 'not_a_victim'
), firsts AS (
  SELECT p.* FROM pop p WHERE NOT EXISTS (
    SELECT 1 FROM pop q WHERE q.person_id = p.person_id
      AND (q.identified_on < p.identified_on OR (q.identified_on = p.identified_on AND q.id < p.id))
  )
)
"""
# Constant text only (the period goes in as query parameters), hence the noqa for S608.
HAND_SQL = {
    "sex and age": FIRSTS  # noqa: S608
    + "SELECT pp.gender, f.is_minor, COUNT(*) FROM firsts f"
    " JOIN people_person pp ON pp.id = f.person_id GROUP BY pp.gender, f.is_minor",
    "form and age": FIRSTS  # noqa: S608
    + "SELECT e.form, f.is_minor, COUNT(DISTINCT p.person_id) FROM cases_caseexploitation e"
    " JOIN pop p ON p.id = e.case_id JOIN firsts f ON f.person_id = p.person_id"
    " GROUP BY e.form, f.is_minor",
    "region": FIRSTS  # noqa: S608
    + "SELECT f.region, COUNT(*) FROM firsts f GROUP BY f.region",
}


def _time(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm the caches once
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs) * 1000


def run(cases: int, repeat: int) -> tuple[int, list[tuple[str, str]]]:
    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from palermo.cases.models import Case
    from palermo.demo.generator import generate
    from palermo.demo.personas import ensure_personas
    from palermo.stats.figures import Filters, Period
    from palermo.stats.figures.persons import _forms, _sex_age, first_cases, population

    ensure_personas()
    done = Case.objects.count()
    while done < cases:
        n = min(1000, cases - done)
        generate(seed=done + 1, cases=n, today=date(2026, 11, 1))
        done += n
        print(f"  generated {done}/{cases}", file=sys.stderr)
    year = (
        Case.objects.annotate(y=ExtractYear("identified_on"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by("-n")[0]["y"]
    )
    filters = Filters(Period.year(year))
    cases_qs = population(filters)
    firsts = first_cases(cases_qs)
    engine: dict[str, Callable[[], object]] = {
        "sex and age": lambda: _sex_age(firsts),
        "form and age": lambda: _forms(cases_qs, firsts),
        "region": lambda: list(firsts.values("region").annotate(n=Count("pk")).order_by()),
    }
    params = [filters.period.start, filters.period.end]

    def hand(sql: str) -> Callable[[], object]:
        def query() -> object:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        return query

    results = [
        ("cases in the database", str(cases)),
        (
            "year measured",
            f"{year} ({Case.objects.filter(identified_on__year=year).count()} cases)",
        ),
    ]
    for name, sql in HAND_SQL.items():
        ours, theirs = _time(engine[name], repeat), _time(hand(sql), repeat)
        results.append(
            (f"{name}: engine / hand SQL", f"{ours:.1f} / {theirs:.1f} ms = {ours / theirs:.2f}×")
        )
    return year, results


def main(argv: list[str]) -> int:
    from bench.__main__ import _setup

    parser = argparse.ArgumentParser(prog="./run bench stats")
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--record", action="store_true", help="append the results to BENCHMARKS.md")
    args = parser.parse_args(argv)
    _setup(os.environ.get("PALERMO_DATABASE_URL"))
    from django.db import connection

    _year, results = run(args.cases, args.repeat)
    lines = [
        f"### Statistics — {date.today().isoformat()}, {connection.vendor}, "
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
            fh.write("\n## Statistics: the figures engine against hand-written SQL\n\n")
            fh.write(f"Command: `./run bench stats --cases {args.cases}`\n\n")
            fh.write("\n".join(lines) + "\n")
    return 0
