"""The restore drill: back up a populated database, restore it into an empty one with the
command line, and prove that nothing was lost and nothing shredded came back."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from palermo.accounts.actor import Actor
from palermo.hotline.models import Tip
from palermo.hotline.services import do_submit_public_tip
from palermo.lifecycle.backup import write_backup
from palermo.lifecycle.sealedfile import BackupError, DecryptingReader, backup_key
from tests.lifecycle.conftest import LONG_AGO, closed_case, shred_all

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def target_url(tmp_path: Path) -> Iterator[str]:
    """A new, empty database of the same kind as the test database."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    params = connection.settings_dict
    name = f"{params['NAME']}_restored"
    admin = {"dbname": "postgres", "user": params["USER"], "host": params["HOST"] or None}
    if params.get("PORT"):
        admin["port"] = params["PORT"]
    if params.get("PASSWORD"):
        admin["password"] = params["PASSWORD"]
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    auth = params["USER"] + (f":{params['PASSWORD']}" if params.get("PASSWORD") else "")
    port = f":{params['PORT']}" if params.get("PORT") else ""
    yield f"postgres://{auth}@{params['HOST'] or '127.0.0.1'}{port}/{name}"
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def palermo(url: str, *args: str, keys: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PALERMO_DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PALERMO_ENCRYPTION_KEYS": keys or settings.PALERMO_ENCRYPTION_KEYS,
        "PALERMO_BLIND_INDEX_KEY": settings.PALERMO_BLIND_INDEX_KEY,
        "PALERMO_BACKUP_KEY": settings.PALERMO_BACKUP_KEY,
        "PYTHONPATH": str(ROOT),
    }
    code = "import sys; from palermo.cli import main; sys.exit(main(sys.argv[1:]))"
    if args and args[0] == "probe":
        command = [sys.executable, "-m", "tests.lifecycle.drill_probe"]
    else:
        command = [sys.executable, "-c", code, *args]
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.mark.django_db(transaction=True)
def test_restore_drill(actor: Callable[[str], Actor], tmp_path: Path, target_url: str) -> None:
    officer = actor("officer_minsk")
    shredded = closed_case(officer, family_name="Забытая", on=date(2020, 1, 10), case=LONG_AGO)
    kept = closed_case(officer, family_name="Захаваная")
    # An anonymous tip is sealed with a data key of its own too: one old enough to be shredded.
    old_tip = do_submit_public_tip(region="", what_happened="Старое паведамленне пра вярбоўку")
    Tip.objects.filter(pk=old_tip.pk).update(received_at=timezone.now() - timedelta(days=3 * 366))
    new_tip = do_submit_public_tip(region="", what_happened="Свежае паведамленне пра вярбоўку")
    dump, keys_before, keys_after = (tmp_path / n for n in ("db.bak", "k1.bak", "k2.bak"))
    call_command("palermo_backup", str(dump), "--data-keys", str(keys_before))
    with dump.open("rb") as stream:
        written = stream.read()
    # Neither family name appears anywhere: the file is encrypted. (A whole name, not a single
    # letter: any two bytes turn up by chance in a ciphertext of this size.)
    for name in ("Забытая", "Захаваная", "Старое паведамленне", "Свежае паведамленне"):
        assert name.encode() not in written
    from palermo.lifecycle.backup import _models

    expected = {m._meta.label_lower: m._base_manager.count() for m in _models()}
    # Restoring erases again whom the newest data-key file lacks, with the blind indexes.
    expected["people.personnamekey"] -= shredded.person.name_keys.count()
    expected["people.personmatchkey"] -= shredded.person.match_keys.count()

    # After the backup, the first person's identity is shredded; the data-key file is renewed.
    assert shred_all(actor, date.today()) is not None
    call_command("palermo_backup", str(tmp_path / "later.bak"), "--data-keys", str(keys_after))

    assert palermo(target_url, "manage", "migrate", "--verbosity", "0").returncode == 0
    restored = palermo(target_url, "restore", str(dump), "--data-keys", str(keys_after))
    assert restored.returncode == 0, restored.stderr
    verified = palermo(target_url, "audit", "verify")
    assert verified.returncode == 0 and "intact" in verified.stdout, verified.stdout

    probe = json.loads(palermo(target_url, "probe").stdout)
    expected["core.auditevent"] += 1  # the restore records itself
    assert probe["counts"] == expected
    assert probe["names"][kept.person.reference] == "Захаваная"
    # Shredded after the backup was made: still gone after restoring that old backup.
    assert probe["names"][shredded.person.reference] == "erased"
    assert probe["tips"][str(old_tip.pk)] == "erased"
    assert probe["tips"][str(new_tip.pk)] == "Свежае паведамленне пра вярбоўку"

    # Without the key ring nothing is readable.
    stranger = "other:" + base64.b64encode(os.urandom(32)).decode()
    blind = json.loads(palermo(target_url, "probe", keys=stranger).stdout)
    assert blind["names"][kept.person.reference].startswith("unreadable")
    assert blind["tips"][str(new_tip.pk)].startswith("unreadable")

    # Restoring again into the now populated database is refused and changes nothing.
    again = palermo(target_url, "restore", str(dump), "--data-keys", str(keys_after))
    assert again.returncode != 0 and "not empty" in again.stderr


@pytest.mark.django_db
def test_a_backup_cannot_be_read_with_another_key_or_when_cut_off(tmp_path: Path) -> None:
    path = tmp_path / "db.bak"
    with path.open("wb") as stream:
        write_backup(stream, backup_key())
    data = path.read_bytes()
    with pytest.raises(BackupError, match="wrong PALERMO_BACKUP_KEY"):
        DecryptingReader(path.open("rb"), os.urandom(32)).read()
    cut = tmp_path / "cut.bak"
    cut.write_bytes(data[: len(data) - 10])
    with pytest.raises(BackupError, match="cut off"):
        DecryptingReader(cut.open("rb"), backup_key()).read()
