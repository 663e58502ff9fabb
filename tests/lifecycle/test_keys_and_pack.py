"""Data keys under key rotation, the pack's retention section, the CLI and the scheduled job."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django.fixtures import Settings as SettingsWrapper

from palermo.accounts.actor import Actor
from palermo.cli import main
from palermo.core.crypto import DecryptionError
from palermo.core.datakeys import DataKey, clear_data_key_cache
from palermo.jurisdictions.pack import PackError, load_pack
from palermo.lifecycle.models import ShredBatch
from palermo.lifecycle.tasks import ensure_scheduled, run_retention
from palermo.people.models import Person
from tests.jurisdictions.test_broken_packs import GOOD, write_pack
from tests.lifecycle.conftest import LONG_AGO, closed_case

pytestmark = pytest.mark.django_db


def key(n: int) -> str:
    return base64.b64encode(bytes([n]) * 32).decode()


def test_rotation_rewraps_data_keys_and_identities_stay_readable(
    actor: Callable[[str], Actor], settings: SettingsWrapper
) -> None:
    old = f"old:{key(1)}"
    settings.PALERMO_ENCRYPTION_KEYS = old
    person = closed_case(actor("officer_minsk")).person
    settings.PALERMO_ENCRYPTION_KEYS = f"new:{key(2)},{old}"
    out = io.StringIO()
    call_command("rotate_keys", stdout=out)
    assert "core.DataKey: re-encrypted 1 values in 1 rows" in out.getvalue()
    # The identity itself was not touched: it is sealed with the person's own key.
    assert "people.Person: re-encrypted 0 values" in out.getvalue()
    settings.PALERMO_ENCRYPTION_KEYS = f"new:{key(2)}"  # the old key retired
    clear_data_key_cache()
    assert Person.objects.get(pk=person.pk).family_name == "Шаўчэнка"
    settings.PALERMO_ENCRYPTION_KEYS = f"other:{key(3)}"
    clear_data_key_cache()
    with pytest.raises(DecryptionError):
        Person.objects.get(pk=person.pk)
    assert DataKey.objects.filter(wrapped__isnull=True).count() == 0


RETENTION = """\
retention:
  age_of_majority: 18
  holds:
    minor: {legal_basis: act_s1, extra_years: 2}
    forever: {legal_basis: act_s1}
  rules:
    - code: closed_case_identity
      data: person_identity
      clock: call_received
      keep: {years: 0}
      holds: [open_proceedings]
      legal_basis: act_s9
      name: {en: Identity}
"""


def test_a_broken_retention_section_names_every_problem(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "broken", pack=GOOD, retention=RETENTION)
    with pytest.raises(PackError) as error:
        load_pack(folder)
    text = str(error.value)
    for fragment in (
        "retention.holds",  # 'forever' is no hold
        "retention.rules[0].clock",  # call_received is not a clock of a person's identity
        "retention.rules[0].keep",  # zero years
        "retention.rules[0].holds[0]",  # open_proceedings is not defined under holds
        "retention.rules[0].legal_basis",  # act_s9 does not exist
    ):
        assert fragment in text, fragment


def test_cli_scans_and_runs(
    actor: Callable[[str], Actor], capsys: pytest.CaptureFixture[str]
) -> None:
    closed_case(actor("officer_minsk"), case=LONG_AGO, on=LONG_AGO["identified_on"])  # type: ignore[arg-type]
    assert main(["retention", "scan"]) == 0
    assert "a national administrator must approve it" in capsys.readouterr().out
    assert main(["retention", "run"]) == 0
    assert "Handled 0 records" in capsys.readouterr().out  # nothing approved yet
    assert main(["retention", "scan", "--as-of", "2026-02-30"]) == 1
    assert "is not a date" in capsys.readouterr().err


def test_the_daily_job_is_scheduled_once_and_does_the_scan() -> None:
    from palermo.core.periodic import periodic_jobs

    # The worker enqueues it every day, with nothing to schedule at deployment.
    jobs = {job.path: job.every for job in periodic_jobs()}
    assert jobs["palermo.lifecycle.tasks.retention_job"] == 24 * 3600
    assert ensure_scheduled() is True
    assert ensure_scheduled() is False
    assert run_retention() == {"proposed": 0, "handled": 0}
    assert not ShredBatch.objects.exists()
