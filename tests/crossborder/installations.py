"""Two real Palermo installations for the cross-border journey: each its own server process on a
free port, its own SQLite file and its own jurisdiction pack (Belarus and the test pack's Testland).

Run as ``python -m tests.crossborder.installations setup`` inside an installation's environment
to create its users (and, in Belarus, a case whose person consented to transfer abroad).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST_PACKS = ROOT / "tests" / "jurisdictions" / "packs"
PASSWORD = "persona-password-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Installation:
    jurisdiction: str
    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def inbox(self) -> str:
        return f"{self.url}/api/crossborder/inbox/"

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        for name in list(env):
            if name.startswith(("PALERMO_", "DJANGO_")):
                del env[name]
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "palermo.settings",
                "PALERMO_ENV": "test",
                "PALERMO_JURISDICTION": self.jurisdiction,
                "PALERMO_JURISDICTION_DIRS": str(TEST_PACKS),
                "PALERMO_DATABASE_URL": f"sqlite:///{self.folder / 'db.sqlite3'}",
                "PALERMO_VAR_DIR": str(self.folder),
                "PALERMO_SECOND_FACTOR_ROLES": "",
                "PALERMO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
                "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
            }
        )
        return env

    def run(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{args} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def prepare(self) -> subprocess.Popen[bytes]:
        """Migrates (in the background); wait with :meth:`finish_prepare`."""
        self.folder.mkdir(parents=True, exist_ok=True)
        return subprocess.Popen(
            [sys.executable, "-m", "django", "migrate", "-v0"], env=self.env, cwd=ROOT
        )

    def setup(self) -> dict[str, object]:
        return dict(json.loads(self.run("-m", "tests.crossborder.installations", "setup")))

    def public_key(self) -> dict[str, str]:
        return dict(json.loads(self.run("-m", "palermo.cli", "crossborder", "export-key")))

    def start(self) -> None:
        log = open(self.folder / "server.log", "wb")  # noqa: SIM115  (closed with the process)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        # Ready when the log-in page answers; this waits for readiness, it measures nothing.
        for _attempt in range(600):
            try:
                with urllib.request.urlopen(f"{self.url}/accounts/login/", timeout=5):  # noqa: S310
                    return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        raise RuntimeError((self.folder / "server.log").read_text(errors="replace")[-3000:])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _setup() -> dict[str, object]:
    """Users of this installation; in Belarus also a consented case to refer abroad."""
    import django

    django.setup()
    from palermo.jurisdictions.pack import get_pack

    if get_pack().code == "belarus":
        return _setup_belarus()
    return _setup_testland()


def _setup_belarus() -> dict[str, object]:
    from datetime import date

    from palermo.accounts.actor import actor_for_membership
    from palermo.cases.services import ConsentInput, do_record_consent, do_register_case
    from palermo.cases.vocab import ConsentPurpose
    from palermo.demo.personas import ensure_personas
    from tests.conftest import case_input, person_input

    personas = ensure_personas(password=PASSWORD)
    officer = actor_for_membership(personas["officer_minsk"])
    case = do_register_case(
        actor=officer,
        person=person_input(family_name="Ковалёва", given_name="Алеся", patronymic="",
                            family_name_latin="Kavaliova", given_name_latin="Alesia"),
        case=case_input(exploitation_forms=["forced_labour"], country_of_exploitation="AE"),
    )  # fmt: skip
    do_record_consent(
        actor=officer,
        case=case,
        data=ConsentInput(
            purpose=ConsentPurpose.CROSS_BORDER_TRANSFER,
            given_on=date(2026, 3, 3),
            purpose_explained=True,
            uses_explained=True,
            research_use_explained=True,
            right_of_access_explained=True,
            retention_explained=True,
            withdrawal_explained=True,
        ),
    )
    return {"case_id": case.pk, "agency": officer.agency.display_name}  # type: ignore[union-attr]


def _setup_testland() -> dict[str, object]:
    from palermo.accounts.models import Agency
    from palermo.accounts.services import do_add_membership, do_create_user
    from palermo.demo.personas import ensure_catalogue_agencies

    agencies = ensure_catalogue_agencies()
    police: Agency = agencies["national_police"]
    for username, role in (("tl_officer", "ct_officer"), ("tl_admin", "national_admin")):
        user = do_create_user(actor=None, username=username, password=PASSWORD)
        do_add_membership(actor=None, user=user, agency=police, role=role)
    return {"agency": police.display_name}


if __name__ == "__main__" and sys.argv[1:] == ["setup"]:
    print(json.dumps(_setup()))
