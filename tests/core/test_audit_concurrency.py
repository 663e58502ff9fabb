"""The audit log under real concurrency (PostgreSQL): writers that do not wait for each other, a
transaction still running while others are sealed, and a sealer killed in the middle of a batch.

Threads and processes are coordinated by events and pipes, never by sleeping.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from django.db import connection, connections, transaction
from tests.concurrency import race

from palermo.core.audit import AuditEvent, AuditSeal, record, seal_pending, verify_chain

ROOT = Path(__file__).resolve().parents[2]


def writer(name: str, transactions: int, done: Callable[[], None]) -> Callable[[], None]:
    def step() -> None:
        for n in range(transactions):
            with transaction.atomic():
                record("case.viewed", object_type="cases.case", object_id=f"{name}-{n}")
                record("person.identity_viewed", object_type="people.person", object_id=name)
        done()

    return step


def test_concurrent_writers_and_a_running_sealer_leave_a_log_that_verifies(
    server_db: None,
) -> None:
    writers = 6
    finished = threading.Semaphore(0)
    all_done = threading.Event()

    def one_done() -> None:
        finished.release()

    def sealer() -> None:
        # Seals while the writers write, until every writer has finished.
        for _ in range(writers):
            finished.acquire()
            seal_pending(max_events=7)
        all_done.set()

    steps = [writer(f"w{n}", 10, one_done) for n in range(writers)]
    outcomes = race(*steps, sealer)

    assert outcomes == ["applied"] * (writers + 1)
    assert all_done.is_set()
    seal_pending()
    report = verify_chain()
    assert report.ok, report.problems
    assert report.sealed == AuditEvent.objects.count() == writers * 10 * 2
    assert report.unsealed == 0


def test_an_event_of_a_transaction_still_running_is_neither_skipped_nor_sealed_out_of_order(
    server_db: None,
) -> None:
    written = threading.Event()
    may_commit = threading.Event()
    slow: list[int] = []

    def slow_transaction() -> None:
        try:
            with transaction.atomic():
                slow.append(record("case.updated", object_type="cases.case", object_id="1").seq)
                written.set()
                assert may_commit.wait(timeout=60)
        finally:
            connections.close_all()

    thread = threading.Thread(target=slow_transaction)
    thread.start()
    assert written.wait(timeout=60)
    with transaction.atomic():
        quick = record("case.updated", object_type="cases.case", object_id="2").seq

    # The quick transaction committed, but it started after the slow one, which may still add
    # events that sort before it: nothing of it is sealed yet.
    assert seal_pending() == []
    assert verify_chain().unsealed == 1

    may_commit.set()
    thread.join(timeout=60)
    (seal,) = seal_pending()

    assert [seq for seq, _ in seal.leaves] == [slow[0], quick]
    assert verify_chain().ok


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


# A sealer that writes its seal and then hangs before committing: killed there, like a worker
# process that dies in the middle of a batch.
_HANGING_SEALER = """
import sys
import django
django.setup()
from django.db import connection, transaction
from palermo.core.audit import seal_pending
with transaction.atomic():
    seals = seal_pending(max_seals=1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        print(f"sealed {seals[0].size} events, not committed", flush=True)
        print(cursor.fetchone()[0], flush=True)
    sys.stdin.read()
"""


def test_a_sealer_killed_in_the_middle_of_a_batch_loses_no_event(server_db: None) -> None:
    with transaction.atomic():
        events = [
            record("case.viewed", object_type="cases.case", object_id=str(n)) for n in range(5)
        ]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PALERMO_DATABASE_URL": _database_url(),
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
    }
    sealer = subprocess.Popen(
        [sys.executable, "-c", _HANGING_SEALER],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert sealer.stdout is not None
        assert sealer.stdout.readline().strip() == "sealed 5 events, not committed"
        backend = int(sealer.stdout.readline())
        # Meanwhile a second sealer does not seal the same events again: one sealer at a time.
        assert seal_pending() == []
        sealer.send_signal(signal.SIGKILL)
        sealer.wait(timeout=60)
        # The server notices the dead client on its own; wait until it has (returns at once
        # when it already has), so that what follows does not depend on timing.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 60000)", [backend])
    finally:
        if sealer.poll() is None:
            sealer.kill()

    assert not AuditSeal.objects.exists()  # the killed batch was never committed
    assert AuditEvent.objects.count() == 5
    (seal,) = seal_pending()  # the worker runs again
    assert [seq for seq, _ in seal.leaves] == [e.seq for e in events]
    report = verify_chain()
    assert report.ok and report.sealed == 5
