"""The data exchange on the command line: `palermo exchange ctdc` and `palermo exchange import`."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.cli import main
from palermo.stats.exchange.models import ExchangeRelease
from tests.stats_exchange.test_htcds_import import BAD, GOOD

pytestmark = pytest.mark.django_db


def test_the_analyst_makes_the_ctdc_file(
    eleven_alike: list[Case], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ctdc.csv"
    assert main(["exchange", "ctdc", "--user", "analyst", "--output", str(out)]) == 0
    release = ExchangeRelease.objects.get()
    assert hashlib.sha256(out.read_bytes()).hexdigest() == release.sha256
    assert "11 rows (k = 11, 1 dropped)" in capsys.readouterr().out


def test_a_user_without_statistics_is_refused(
    tmp_path: Path, personas: object, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ctdc.csv"
    assert main(["exchange", "ctdc", "--user", "officer_minsk", "--output", str(out)]) == 1
    assert "cannot export statistics" in capsys.readouterr().err
    assert not out.exists() and not ExchangeRelease.objects.exists()


def test_the_import_reports_bad_lines_and_writes_nothing(
    tmp_path: Path, personas: object, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "ngo.csv"
    bad.write_bytes(BAD)
    assert main(["exchange", "import", str(bad), "--user", "caseworker_gomel"]) == 1
    err = capsys.readouterr().err
    assert "line 3: prs_Gender" in err and "line 4: cas_Region" in err
    assert not Case.objects.exists()


def test_a_good_file_is_imported(
    tmp_path: Path, actor: Callable[[str], Actor], capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "ngo.csv"
    good.write_bytes(GOOD)
    assert main(["exchange", "import", str(good), "--user", "caseworker_gomel"]) == 0
    assert "Imported 2 cases and 2 services" in capsys.readouterr().out
    assert Case.objects.filter(owning_agency=actor("caseworker_gomel").agency).count() == 2
