"""No committed write is lost on a crash (PostgreSQL).

Real server processes take registrations, referrals and fund receipts from several clients; after
a number of answers the clients have counted, the servers are killed with SIGKILL in the middle
of the run and started again. Every request that got a success answer is in the database, a
retried request acts at most once, and the audit log verifies. The same for the shredder: a run
killed in the middle of destroying a person resumes and never leaves a person half destroyed.

Processes are coordinated by counted answers and pipes, never by sleeping against a clock.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from palermo.accounts.actor import Actor
from palermo.accounts.services import do_issue_api_token
from palermo.cases.models import Case
from palermo.core.crypto import DecryptionError
from palermo.core.datakeys import DataKey, clear_data_key_cache
from palermo.justice.compensation.demo import ensure_liquidated_organisation
from palermo.justice.compensation.models import FundTransaction
from palermo.lifecycle.models import ShredBatch, ShredItem
from palermo.lifecycle.services import do_approve_shred_batch, do_scan_retention
from palermo.people.models import Person
from palermo.referrals.demo import ensure_service_directory
from palermo.referrals.models import Referral
from tests.crossborder.installations import free_port
from tests.lifecycle.conftest import LONG_AGO, closed_case

ROOT = Path(__file__).resolve().parents[2]
SERVERS = 2
ROUNDS = 30  # requests per client at most: the run is bounded whatever happens
KILL_AFTER = 12  # answers counted by the clients before the servers are killed
ANSWER_TIMEOUT = 120  # seconds a client waits for one answer (a guard, not a measurement)


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PALERMO_DATABASE_URL": _database_url(),
        "PALERMO_ENCRYPTION_KEYS": settings.PALERMO_ENCRYPTION_KEYS,
        "PALERMO_BLIND_INDEX_KEY": settings.PALERMO_BLIND_INDEX_KEY,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
    }


@dataclass
class Server:
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{self.port}",
                 "--noreload"],
                env=_env(), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def wait_ready(self) -> None:
        # Waits for readiness (the log-in page answers); it measures nothing.
        for _attempt in range(1500):
            try:
                with urllib.request.urlopen(f"{self.url}/accounts/login/", timeout=10):  # noqa: S310
                    return
            except OSError:
                assert self.process is not None
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        raise AssertionError(self.log.read_text(errors="replace")[-3000:])

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=60)


@pytest.fixture
def crash_db(transactional_db: None) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "the crash drill needs PostgreSQL, the production database: its committed writes "
            "must survive killed client processes (SQLite has no database server to test this)"
        )


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[list[Server]]:
    running = [Server(tmp_path / f"server{n}.log") for n in range(SERVERS)]
    try:
        yield running
    finally:
        for server in running:
            server.kill()


def post(base: str, path: str, token: str, body: dict[str, Any], key: str = "") -> tuple[int, Any]:
    """The answer's status and body; raises OSError when no answer came (a dead server)."""
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    request = urllib.request.Request(  # noqa: S310  (a local test server)
        base + path, data=json.dumps(body).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=ANSWER_TIMEOUT) as answer:  # noqa: S310
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@dataclass
class Ledger:
    """What the clients were told: acknowledged writes, and requests left without an answer."""

    cases: list[str] = field(default_factory=list)  # references
    referrals: list[int] = field(default_factory=list)
    receipts: list[int] = field(default_factory=list)
    # (path, body, idempotency key) of requests whose answer never came
    unanswered: list[tuple[str, dict[str, Any], str]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # unexpected answers, for the report
    lock: threading.Lock = field(default_factory=threading.Lock)
    enough: threading.Event = field(default_factory=threading.Event)

    def acknowledged(self) -> int:
        return len(self.cases) + len(self.referrals) + len(self.receipts)

    def reports(self, run: Callable[[], None]) -> Callable[[], None]:
        """A client whose unexpected failure is reported, not lost in its thread."""

        def wrapped() -> None:
            try:
                run()
            except Exception as exc:
                self.refused.append(repr(exc))
                self.enough.set()  # nothing to wait for: the test fails on the report

        return wrapped

    def add(self, kind: list[Any], value: Any) -> None:
        with self.lock:
            kind.append(value)
            if self.acknowledged() >= KILL_AFTER:
                self.enough.set()


def letters(n: int) -> str:
    """A number written in letters: names may not contain digits."""
    return "".join("АБВГДЕЖЗІК"[int(d)] for d in str(n))


def case_body(n: str) -> dict[str, Any]:
    return {
        "person": {"family_name": "Аварыйная", "given_name": n, "gender": "female",
                   "citizenship": "BY"},
        "identification_method": "hotline",
        "exploitation_forms": ["forced_labour"],
        "region": "BY-HM",
        "identified_on": "2026-01-15",
    }  # fmt: skip


def registrations(ledger: Ledger, url: str, token: str, name: str, tag: str) -> Callable[[], None]:
    @ledger.reports
    def run() -> None:
        for n in range(ROUNDS):
            key, body = f"{tag}-{n}", case_body(f"{name}{letters(n)}")
            try:
                code, answer = post(url, "/api/cases/", token, body, key)
            except OSError:
                ledger.unanswered.append(("/api/cases/", body, key))
                return
            if code != 201:
                ledger.refused.append(f"{code} {answer}")
                return
            ledger.add(ledger.cases, answer["reference"])

    return run


def referrals(ledger: Ledger, url: str, token: str, to_agency: int) -> Callable[[], None]:
    @ledger.reports
    def run() -> None:
        for n in range(ROUNDS):
            try:
                code, case = post(
                    url, "/api/cases/", token, case_body(f"Рэф{letters(n)}"), f"ref-{n}"
                )
                if code != 201:
                    ledger.refused.append(f"{code} {case}")
                    return
                ledger.add(ledger.cases, case["reference"])
                body = {"case_id": case["id"], "to_agency_id": to_agency, "services": ["legal"],
                        "urgency": "urgent", "share": ["exploitation"]}  # fmt: skip
                code, referral = post(url, "/api/referrals/", token, body)
            except OSError:
                return  # a referral has no idempotency key: its outcome is not retried
            if code != 201:
                ledger.refused.append(f"{code} {referral}")
                return
            ledger.add(ledger.referrals, referral["id"])

    return run


def receipt_body(organisation: int, n: int) -> dict[str, Any]:
    return {
        "organisation_id": organisation,
        "amount": "10.00",
        "currency": "BYN",
        "occurred_on": "2026-02-01",
        "document_reference": f"Crash drill bank statement {n}",
    }


def receipts(ledger: Ledger, url: str, token: str, organisation: int) -> Callable[[], None]:
    @ledger.reports
    def run() -> None:
        for n in range(ROUNDS):
            key, body = f"receipt-{n}", receipt_body(organisation, n)
            try:
                code, answer = post(url, "/api/compensation/fund/receipts/", token, body, key)
            except OSError:
                ledger.unanswered.append(("/api/compensation/fund/receipts/", body, key))
                return
            if code != 201:
                ledger.refused.append(f"{code} {answer}")
                return
            ledger.add(ledger.receipts, answer["id"])

    return run


def palermo(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from palermo.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def test_servers_killed_mid_run_lose_no_acknowledged_write(
    crash_db: None, actor: Callable[[str], Actor], servers: list[Server]
) -> None:
    ensure_service_directory()
    officer = do_issue_api_token(actor=actor("officer_minsk"), name="crash drill").key
    fund = do_issue_api_token(actor=actor("fund_officer"), name="crash drill").key
    gomel = actor("caseworker_gomel").agency
    organisation = ensure_liquidated_organisation(
        registrar=actor("registry_officer"),
        name="Crash Drill Agency Ltd",
        registration_number="193456780",
        liquidated_on=date(2026, 1, 15),
        confiscated_amount=Decimal("50000.00"),
    ).pk
    for server in servers:
        server.start()
    for server in servers:
        server.wait_ready()

    ledger = Ledger()
    a, b = (s.url for s in servers)
    clients = [
        threading.Thread(target=registrations(ledger, a, officer, "Ала", "reg-a")),
        threading.Thread(target=registrations(ledger, b, officer, "Вера", "reg-b")),
        threading.Thread(target=referrals(ledger, b, officer, gomel.pk)),  # type: ignore[union-attr]
        threading.Thread(target=receipts(ledger, a, fund, organisation)),
    ]
    for client in clients:
        client.start()
    # Killed once the clients have counted enough answers: mid-run, whatever the machine's speed.
    assert ledger.enough.wait(timeout=600), ledger.refused
    assert ledger.refused == []
    for server in servers:
        server.kill()
    for client in clients:
        client.join(timeout=ANSWER_TIMEOUT * 2)
        assert not client.is_alive()
    assert ledger.refused == []
    acknowledged = (list(ledger.cases), list(ledger.referrals), list(ledger.receipts))
    assert sum(len(x) for x in acknowledged) >= KILL_AFTER

    for server in servers:
        server.start()
    for server in servers:
        server.wait_ready()
    # Every request that got a success answer is in the database.
    cases, referral_ids, receipt_ids = acknowledged
    assert Case.objects.filter(reference__in=cases).count() == len(set(cases)) == len(cases)
    assert Referral.objects.filter(pk__in=referral_ids).count() == len(referral_ids)
    assert FundTransaction.objects.filter(pk__in=receipt_ids).count() == len(receipt_ids)

    # A request that got no answer is retried with its key: it acts at most once — a replay of
    # what committed, or a refusal while the abandoned reservation stands, never a second write.
    for path, body, key in ledger.unanswered:
        token = fund if "receipts" in path else officer
        code, _answer = post(servers[0].url, path, token, body, key)
        assert code in (201, 409), (code, _answer)
        if "receipts" in path:
            booked = FundTransaction.objects.filter(
                document_reference=body["document_reference"]
            ).count()
            assert booked == (1 if code == 201 else 0)
    # The restarted servers take new work.
    code, _answer = post(servers[1].url, "/api/cases/", officer, case_body("Пасля"), "after-1")
    assert code == 201

    for server in servers:
        server.kill()
    verified = palermo("audit", "verify")
    assert verified.returncode == 0 and "intact" in verified.stdout, verified.stdout


# A shredder run that destroys persons one by one and, in the middle of one (its key destroyed,
# its identity blanked, the transaction not committed), reports its database session and hangs:
# killed there with SIGKILL, like a worker that dies halfway.
_HANGING_SHREDDER = """
import sys
import django
django.setup()
from django.db import connection
from palermo.lifecycle import services
real = services._erase_person
done = []
def erase(pk):
    real(pk)
    done.append(pk)
    if len(done) == int(sys.argv[1]):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            print(pk, cursor.fetchone()[0], flush=True)
        sys.stdin.read()
    return True
services._erase_person = erase
services.do_carry_out_shredding()
"""


def test_a_shredder_killed_halfway_resumes_and_never_half_destroys(
    crash_db: None, actor: Callable[[str], Actor]
) -> None:
    officer = actor("officer_minsk")
    persons = [
        closed_case(
            officer, family_name=f"Забыццё{letters(n)}", on=date(2020, 1, 10), case=LONG_AGO
        ).person
        for n in range(5)
    ]
    batch = do_scan_retention()
    assert batch is not None and batch.items.count() == 5
    do_approve_shred_batch(actor=actor("admin"), batch=batch, version=batch.version)

    shredder = subprocess.Popen(
        [sys.executable, "-c", _HANGING_SHREDDER, "3"],
        env=_env(), cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert shredder.stdout is not None
        line = shredder.stdout.readline().split()
        assert len(line) == 2, "the shredder ended before reaching the third person"
        halfway, backend = int(line[0]), int(line[1])
        shredder.send_signal(signal.SIGKILL)
        shredder.wait(timeout=60)
        # Wait until the server has noticed the dead client and rolled back (at once if it has).
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 60000)", [backend])
    finally:
        if shredder.poll() is None:
            shredder.kill()

    def state(person: Person) -> str:
        clear_data_key_cache()
        try:
            fresh = Person.objects.get(pk=person.pk)
        except DecryptionError:
            return "half destroyed"  # the key gone, the sealed identity still there
        key = DataKey.objects.get(pk=fresh.data_key_id)
        if fresh.identity_erased_at is not None:
            # Fully destroyed: the key gone and nothing left in the columns.
            return "destroyed" if key.is_destroyed and fresh.family_name == "" else "half"
        if fresh.family_name.startswith("Забыццё") and not key.is_destroyed:
            return "readable"
        return "half"

    states = {p.pk: state(p) for p in persons}
    assert states[halfway] == "readable"  # the killed transaction was rolled back whole
    assert list(states.values()).count("destroyed") == 2
    items = dict(ShredItem.objects.values_list("object_id", "status"))
    assert {pk for pk, s in states.items() if s == "destroyed"} == {
        pk for pk, s in items.items() if s == "destroyed"
    }

    resumed = palermo("retention", "run")
    assert resumed.returncode == 0, resumed.stderr
    assert "Handled 3 records" in resumed.stdout
    assert {state(p) for p in persons} == {"destroyed"}
    assert ShredBatch.objects.get(pk=batch.pk).status == ShredBatch.Status.DONE
    verified = palermo("audit", "verify")
    assert verified.returncode == 0 and "intact" in verified.stdout, verified.stdout
