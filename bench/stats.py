"""`./run bench stats [--cases N] [--repeat R] [--record]`: the yearly report's figures against
hand-written SQL, table group by table group.

For each group of tables of the report (persons identified, the referral mechanism at work, ...)
the engine computes the group's tables for the busiest year exactly as the report does, and a set
of hand-written SQL queries computes the same figures (each person counted once: their first case
in the year). Both run side by side in one run on the same database; the ratio (engine / SQL) is
what matters, absolute times depend on the machine. The database is analysed first (a bulk load
leaves the planner without statistics). Without ``--cases`` the database is taken as it is (fill it
with ``palermo generate --bulk``); with it, demo cases are generated up to that number.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date

# The population of the period and each person's first case in it (earliest identification, then
# lowest id): the rule of docs/statistics.md, written once by hand. A window function numbers
# each person's cases: on PostgreSQL the fastest of the forms tried by hand (twice as fast at 1M
# cases as a NOT EXISTS anti-join over the CTE, which is the form the engine uses).
POP = """
WITH pop AS (
  SELECT c.id, c.person_id, c.identified_on, c.is_minor, c.region, c.age_at_identification,
         c.country_of_exploitation, c.trafficking_status
  FROM cases_case c
  WHERE c.identified_on BETWEEN %(start)s AND %(end)s AND c.trafficking_status <> 'not_a_victim'
), firsts AS (
  SELECT * FROM (
    SELECT p.*, ROW_NUMBER() OVER (PARTITION BY p.person_id ORDER BY p.identified_on, p.id) AS rn
    FROM pop p
  ) numbered WHERE rn = 1
)
"""

# Constant text only (the period goes in as query parameters), hence the noqa for S608.
PERSONS_SQL = [
    POP  # noqa: S608
    + "SELECT r, COUNT(*) FROM (SELECT person_id,"
    " MAX(CASE WHEN trafficking_status = 'actual' THEN 1 ELSE 0 END) AS r"
    " FROM pop GROUP BY person_id) s GROUP BY r",
    POP  # noqa: S608
    + "SELECT pp.gender, f.is_minor, COUNT(*) FROM firsts f"
    " JOIN people_person pp ON pp.id = f.person_id GROUP BY pp.gender, f.is_minor",
    POP + "SELECT age_at_identification, COUNT(*) FROM firsts GROUP BY age_at_identification",  # noqa: S608
    POP  # noqa: S608
    + "SELECT e.form, f.is_minor, COUNT(DISTINCT f.person_id) FROM firsts f"
    " JOIN pop p ON p.person_id = f.person_id JOIN cases_caseexploitation e ON e.case_id = p.id"
    " GROUP BY e.form, f.is_minor",
    POP  # noqa: S608
    + "SELECT f.is_minor, COUNT(*) FROM firsts f WHERE NOT EXISTS (SELECT 1 FROM pop p"
    " JOIN cases_caseexploitation e ON e.case_id = p.id WHERE p.person_id = f.person_id)"
    " GROUP BY f.is_minor",
    POP + "SELECT is_minor, COUNT(*) FROM firsts GROUP BY is_minor",  # noqa: S608
    POP  # noqa: S608
    + "SELECT pp.citizenship_status, pp.citizenship, COUNT(*) FROM firsts f"
    " JOIN people_person pp ON pp.id = f.person_id GROUP BY pp.citizenship_status, pp.citizenship",
    POP + "SELECT country_of_exploitation, COUNT(*) FROM firsts GROUP BY country_of_exploitation",  # noqa: S608
    POP + "SELECT region, COUNT(*) FROM firsts GROUP BY region",  # noqa: S608
]

ACTIVITY_SQL = [
    "SELECT status, COUNT(*) FROM referrals_referral"
    " WHERE sent_on BETWEEN %(start)s AND %(end)s GROUP BY status",
    "SELECT answered_at - sent_at FROM referrals_referral"
    " WHERE sent_on BETWEEN %(start)s AND %(end)s AND answered_at IS NOT NULL",
    "SELECT service_type, COUNT(*) FROM referrals_servicedelivery"
    " WHERE delivered_on BETWEEN %(start)s AND %(end)s GROUP BY service_type",
    "SELECT outcome, due_on IS NOT NULL AND decided_on <= due_on, due_on IS NULL, COUNT(*)"
    " FROM cases_statusdecision WHERE decided_on BETWEEN %(start)s AND %(end)s"
    " GROUP BY 1, 2, 3",
]


def _sectors_sql() -> str:
    """Who identified each person: a flag per sector of the pack, over all their cases."""
    from palermo.jurisdictions.pack import get_pack

    rules = get_pack().statistics
    flags = [
        "MAX(CASE WHEN COALESCE(ia.kind, oa.kind) IN ("
        + ", ".join(f"'{kind}'" for kind in sorted(s.agency_kinds))
        + f")THEN 1 ELSE 0 END) AS in_{s.code}"
        for s in (rules.sectors if rules else ())
    ] or ["0 AS none"]
    names = ", ".join(f.rsplit(" AS ", 1)[1] for f in flags)
    return (
        f"SELECT {names}, COUNT(*) FROM (SELECT c.person_id, {', '.join(flags)}"  # noqa: S608
        " FROM cases_case c LEFT JOIN accounts_agency ia ON ia.id = c.identifying_agency_id"
        " JOIN accounts_agency oa ON oa.id = c.owning_agency_id"
        " WHERE c.identified_on BETWEEN %(start)s AND %(end)s"
        " AND c.trafficking_status <> 'not_a_victim' GROUP BY c.person_id) s"
        f" GROUP BY {names}"
    )


def _side_by_side(
    ours: Callable[[], object], theirs: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Median times (ms) of the two, measured in alternating rounds (the order swapping each
    round) so that a change of load on a shared machine weighs on both alike."""
    ours()  # warm the caches once
    theirs()
    runs: tuple[list[float], list[float]] = ([], [])
    for round_ in range(repeat):
        pair = [(0, ours), (1, theirs)]
        for side, fn in pair if round_ % 2 == 0 else reversed(pair):
            t0 = time.perf_counter()
            fn()
            runs[side].append(time.perf_counter() - t0)
    return statistics.median(runs[0]) * 1000, statistics.median(runs[1]) * 1000


def _time(fn: Callable[[], object], repeat: int) -> float:
    fn()
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs) * 1000


def _fill(cases: int) -> None:
    from palermo.cases.models import Case
    from palermo.demo.generator import generate

    done = Case.objects.count()
    while done < cases:
        n = min(1000, cases - done)
        generate(seed=done + 1, cases=n, today=date(2026, 11, 1))
        done += n
        print(f"  generated {done}/{cases}", file=sys.stderr)


def _analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run(cases: int | None, repeat: int) -> list[tuple[str, str]]:
    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from palermo.cases.models import Case
    from palermo.demo.personas import ensure_personas
    from palermo.stats.figures import TABLE_GROUPS, Filters, Period
    from palermo.stats.figures.activity import activity_tables
    from palermo.stats.figures.persons import persons_tables

    ensure_personas()
    if cases:
        _fill(cases)
    _analyse()
    year = (
        Case.objects.annotate(y=ExtractYear("identified_on"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by("-n")[0]["y"]
    )
    filters = Filters(Period.year(year))
    params = {"start": filters.period.start, "end": filters.period.end}

    def hand(statements: list[str]) -> Callable[[], object]:
        def query() -> object:
            with connection.cursor() as cursor:
                rows = []
                for sql in statements:
                    cursor.execute(sql, params)
                    rows.append(cursor.fetchall())
                return rows

        return query

    hand_sql = {
        persons_tables: [*PERSONS_SQL, _sectors_sql()],
        activity_tables: ACTIVITY_SQL,
    }
    results = [
        ("cases in the database", str(Case.objects.count())),
        (
            "year measured",
            f"{year} ({Case.objects.filter(identified_on__year=year).count()} cases)",
        ),
    ]
    for group in TABLE_GROUPS:
        name = group.__name__.removesuffix("_tables")
        statements = hand_sql.get(group)
        if statements is None:
            ours = _time(lambda group=group: group(filters), repeat)
            results.append((f"{name}: engine (no hand SQL: no bulk data)", f"{ours:.1f} ms"))
            continue
        ours, theirs = _side_by_side(lambda group=group: group(filters), hand(statements), repeat)
        results.append(
            (f"{name}: engine / hand SQL", f"{ours:.1f} / {theirs:.1f} ms = {ours / theirs:.2f}×")
        )
    return results


def main(argv: list[str]) -> int:
    from bench.__main__ import _setup, record_section

    parser = argparse.ArgumentParser(prog="./run bench stats")
    parser.add_argument("--cases", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--record", action="store_true", help="append the results to BENCHMARKS.md")
    args = parser.parse_args(argv)
    _setup(os.environ.get("PALERMO_DATABASE_URL"))
    results = run(args.cases, args.repeat)
    record_section("Statistics", "stats", argv, results, record=args.record)
    return 0
