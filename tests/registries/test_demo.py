"""The demo's registries are filled: licences, and tourist reports mostly on time, some late."""

from __future__ import annotations

import random

import pytest

from palermo.registries.demo import LICENSEES, REPORTS, seed_registries
from palermo.registries.models import Licence, TouristReport

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_registries_once(actor) -> None:
    registrar = actor("registry_officer")
    rng = random.Random(2026)  # noqa: S311  (demo data, not secrets)
    assert seed_registries(registrar=registrar, rng=rng) == len(LICENSEES) + REPORTS
    assert Licence.objects.count() == len(LICENSEES)
    reports = TouristReport.objects.all()
    late = reports.filter(late_by_working_days__gt=0).count()
    assert reports.count() == REPORTS and 0 < late < REPORTS / 2
    assert seed_registries(registrar=registrar, rng=rng) == 0
