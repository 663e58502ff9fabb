"""`./run bench audit [--cases N] [--seconds S] [--rounds R] [--record]`: identity reads that
append audit events, from 1, 2, 4 and 8 concurrent clients, with the old single-head lock and
with the sealed log, in the same run.

Each client is a thread with its own database connection that, in a loop, opens a transaction,
loads a case and its person, decrypts the family name, records the identity read through the
real service (cases.services.record_identity_view) and commits. "single-head lock" adds what
the previous writer did on every append: lock and update one head row, held until the commit,
so every read in the country waits for the one before it. "sealed" is the design in use: the
append takes no shared lock, and a sealer thread seals in the background at the same time, as
the worker does. Modes alternate round by round so that a busy machine hurts both alike.

Meant for PostgreSQL (PALERMO_DATABASE_URL=postgres://...): SQLite serialises writers anyway.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import threading
import time
from datetime import date
from pathlib import Path

CLIENTS = (1, 2, 4, 8)
_HEAD_TABLE = "bench_audit_single_head"


def _prepare(cases: int) -> tuple[object, list[int]]:
    from django.db import connection

    from palermo.accounts.actor import actor_for_membership
    from palermo.cases.models import Case
    from palermo.demo.generator import generate
    from palermo.demo.personas import ensure_personas

    personas = ensure_personas()
    missing = cases - Case.objects.count()
    if missing > 0:
        generate(seed=7, cases=missing, today=date(2026, 11, 1))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_HEAD_TABLE}")
        cursor.execute(f"CREATE TABLE {_HEAD_TABLE} (id integer PRIMARY KEY, last_seq bigint)")
        cursor.execute(f"INSERT INTO {_HEAD_TABLE} VALUES (1, 0)")  # noqa: S608 (a constant)
    officer = actor_for_membership(personas["admin"])
    return officer, list(Case.objects.values_list("pk", flat=True)[:cases])


def _client(
    actor: object, case_ids: list[int], single_head: bool, stop: threading.Event, counts: list[int]
) -> None:
    from django.db import connection, transaction

    from palermo.cases.models import Case
    from palermo.cases.services.registration import record_identity_view

    rng = random.Random()
    done = 0
    try:
        while not stop.is_set():
            with transaction.atomic():
                case = Case.objects.select_related("person").get(pk=rng.choice(case_ids))
                assert case.person.family_name is not None  # decrypted
                if single_head:
                    with connection.cursor() as cursor:
                        cursor.execute(
                            f"UPDATE {_HEAD_TABLE} SET last_seq = last_seq + 1 WHERE id = 1"  # noqa: S608
                        )
                record_identity_view(actor=actor, cases=[case], purpose="benchmark")  # type: ignore[arg-type]
            done += 1
    finally:
        counts.append(done)
        connection.close()


def _sealer(stop: threading.Event) -> None:
    from django.db import connection

    from palermo.core.audit import seal_pending

    try:
        while not stop.wait(0.5):
            seal_pending()
    finally:
        connection.close()


def _measure(
    actor: object, case_ids: list[int], clients: int, single_head: bool, seconds: float
) -> float:
    stop = threading.Event()
    counts: list[int] = []
    threads = [
        threading.Thread(target=_client, args=(actor, case_ids, single_head, stop, counts))
        for _ in range(clients)
    ]
    if not single_head:
        threads.append(threading.Thread(target=_sealer, args=(stop,)))
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.perf_counter() - start)


def run(cases: int, seconds: float, rounds: int) -> list[tuple[str, str, str, str]]:
    from palermo.core.audit import seal_pending, verify_chain

    actor, case_ids = _prepare(cases)
    best: dict[tuple[int, bool], float] = {}
    for _ in range(rounds):
        for clients in CLIENTS:
            for single_head in (True, False):
                rate = _measure(actor, case_ids, clients, single_head, seconds)
                key = (clients, single_head)
                best[key] = max(best.get(key, 0.0), rate)
    seal_pending()
    report = verify_chain()
    assert report.ok and report.unsealed == 0, report.problems
    rows = []
    for clients in CLIENTS:
        old, new = best[(clients, True)], best[(clients, False)]
        rows.append((str(clients), f"{old:.0f}", f"{new:.0f}", f"{new / old:.2f}×"))
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="./run bench audit")
    parser.add_argument("--cases", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=3.0, help="per measurement")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds; best is kept")
    parser.add_argument("--record", action="store_true", help="append the results to BENCHMARKS.md")
    args = parser.parse_args(argv)
    os.environ["PALERMO_AUDIT_SEAL_ON_COMMIT"] = "false"  # the sealer thread does it
    from bench.__main__ import _setup

    _setup(os.environ.get("PALERMO_DATABASE_URL"))
    from django.db import connection

    rows = run(args.cases, args.seconds, args.rounds)
    base_old, base_new = float(rows[0][1]), float(rows[0][2])
    lines = [
        f"### {date.today().isoformat()}, {connection.vendor}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "",
        "| clients | single-head lock, reads/s | sealed log, reads/s | sealed ÷ single-head "
        "| scaling from 1 client: single-head / sealed |",
        "|---|---|---|---|---|",
        *[
            f"| {c} | {o} | {n} | {r} | {float(o) / base_old:.2f}× / {float(n) / base_new:.2f}× |"
            for c, o, n, r in rows
        ],
        "",
    ]
    print("\n".join(lines))
    if args.record:
        path = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"
        command = (
            f"./run bench audit --cases {args.cases} --seconds {args.seconds:g} "
            f"--rounds {args.rounds}"
        )
        with path.open("a") as fh:
            fh.write(f"\nCommand: `PALERMO_DATABASE_URL=postgres://... {command}`\n\n")
            fh.write("\n".join(lines) + "\n")
    return 0
