"""A bounded schemathesis run against the live API schema, as several personas.

    python tests/fuzz/run_schemathesis.py [--max-examples N] [--max-time SECONDS]

What it does, in a throw-away directory:

1. migrates a new SQLite database and loads a small demonstration data set (the personas and
   their agencies, a few synthetic cases, registries, shelters…);
2. issues an API token for each persona below;
3. starts the development server on a free port of 127.0.0.1 (no autoreload, threaded);
4. runs schemathesis once per persona against ``/api/schema/`` with these checks:

   * ``not_a_server_error``: no input produces a 5xx;
   * ``ignored_auth``: an operation that declares authentication refuses a request without it
     or with a wrong token;
   * ``status_code_conformance``, ``content_type_conformance`` and
     ``response_schema_conformance``: every answer is one the schema documents;

5. stops the server and removes the directory.

The budget is set here, not left to defaults: a fixed seed, ``--max-examples`` cases per
operation in the examples and fuzzing phases, one time limit for the whole run (``--budget``,
280 s: what preparing the database leaves is shared by the personas, each getting at least
``--min-time``), a request timeout, no shrinking. On a busy two-core machine preparing the
database takes one to three minutes and the whole run under five; raising the examples or the
budget finds more. Exit status 0 when every check passed for every persona.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

# Personas with different reach: national (every case, registries, statistics, data
# lifecycle), a regional police officer (own agency's cases, referrals) and the registry officer.
PERSONAS = ["admin", "officer_minsk", "registry_officer"]
CHECKS = [
    "not_a_server_error",
    "ignored_auth",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
]
SEED = 20260409

# A small synthetic data set (the demo's generator and seeds), then one token per persona.
SETUP_SCRIPT = """
import json, random
from palermo.accounts.actor import actor_for_membership
from palermo.accounts.services import do_issue_api_token
from palermo.demo.generator import generate
from palermo.demo.management.commands.demo import seed_prevention_side
from palermo.demo.personas import ensure_personas
from palermo.shelters.demo import seed_shelters
memberships = ensure_personas()
generate(seed=2026, cases=12)
seed_prevention_side()
seed_shelters(rng=random.Random(2026))
names = json.loads(input())
tokens = {
    name: do_issue_api_token(actor=actor_for_membership(memberships[name]), name="fuzz").key
    for name in names
}
print("TOKENS=" + json.dumps(tokens))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def manage(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [str(BIN / "python"), "-m", "django", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {args[0]} failed")
    return result.stdout


def wait_for(url: str, server: subprocess.Popen[bytes], seconds: float) -> None:
    """Polls until the server answers (or stops, or the time is up)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server stopped before answering")
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (local)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"no answer from {url} within {seconds:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=5, help="cases per operation")
    parser.add_argument(
        "--budget",
        type=int,
        default=280,
        help="seconds for the whole run; what preparing the database leaves is shared by the "
        "personas (at least --min-time each)",
    )
    parser.add_argument("--min-time", type=int, default=30, help="seconds per persona, at least")
    parser.add_argument("--personas", default=",".join(PERSONAS))
    parser.add_argument("--keep", action="store_true", help="keep the directory and reports")
    args = parser.parse_args(argv)
    personas = [p for p in args.personas.split(",") if p]

    work = Path(tempfile.mkdtemp(prefix="palermo-fuzz-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "palermo.settings",
        "PALERMO_ENV": "development",
        "PALERMO_DEBUG": "false",
        "PALERMO_DATABASE_URL": f"sqlite:///{work / 'fuzz.sqlite3'}",
        "PYTHONUNBUFFERED": "1",
    }
    server: subprocess.Popen[bytes] | None = None
    failed: list[str] = []
    started = time.monotonic()
    try:
        manage(env, "migrate", "--verbosity", "0")
        print(f"==> Migrated in {time.monotonic() - started:.0f} s", flush=True)
        tokens_out = manage(env, "shell", "-c", SETUP_SCRIPT, stdin=json.dumps(personas))
        tokens = json.loads(tokens_out.split("TOKENS=", 1)[1])
        print(f"==> Database ready in {time.monotonic() - started:.0f} s", flush=True)

        port = free_port()
        log = (work / "server.log").open("wb")
        server = subprocess.Popen(
            [str(BIN / "python"), "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        origin = f"http://127.0.0.1:{port}"
        wait_for(f"{origin}/api/schema/", server, 120)
        # Generated once and read from a file: the server would build it again for each run.
        schema = work / "schema.json"
        with urllib.request.urlopen(f"{origin}/api/schema/?format=json", timeout=120) as answer:  # noqa: S310
            schema.write_bytes(answer.read())

        for index, persona in enumerate(personas):
            left = args.budget - (time.monotonic() - started)
            max_time = max(args.min_time, int(left / (len(personas) - index)) - 5)
            print(f"==> schemathesis as {persona} ({max_time} s)", flush=True)
            command = [
                str(BIN / "schemathesis"), "run", str(schema), "--url", origin,
                "--header", f"Authorization: Token {tokens[persona]}",
                "--checks", ",".join(CHECKS),
                "--phases", "examples,fuzzing",
                "--max-examples", str(args.max_examples),
                "--max-time", str(max_time),
                "--seed", str(SEED),
                "--no-shrink",
                "--workers", "1",
                "--request-timeout", "60",
                "--suppress-health-check", "all",
                "--report", "junit",
                "--report-dir", str(work / f"report-{persona}"),
            ]  # fmt: skip
            if subprocess.run(command, cwd=work, check=False).returncode != 0:
                failed.append(persona)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if args.keep or failed:
            print(f"==> Kept {work} (server.log, reports)")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"==> Took {time.monotonic() - started:.0f} s")
    if failed:
        print(f"==> schemathesis found problems as: {', '.join(failed)}")
        return 1
    print("==> schemathesis: every check passed for every persona")
    return 0


if __name__ == "__main__":
    sys.exit(main())
