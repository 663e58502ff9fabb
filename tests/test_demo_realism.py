"""The demo looks like a working system: most status decisions taken, some overdue; the
hotline's calls fall in its opening hours."""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.utils import timezone

from palermo.cases.models import Case
from palermo.cases.vocab import TraffickingStatus
from palermo.demo.generator import generate
from palermo.hotline.demo import CLOSE_HOUR, OPEN_HOUR, seed_calls

pytestmark = pytest.mark.django_db


def test_most_decisions_are_taken_and_some_are_overdue() -> None:
    today = date(2026, 6, 15)
    cases = generate(seed=5, cases=60, today=today)
    pending = [
        c
        for c in Case.objects.filter(pk__in=[c.pk for c in cases])
        if c.trafficking_status == TraffickingStatus.POSSIBLE
    ]
    overdue = [c for c in pending if c.status_decision_due_on < today]
    decided = len(cases) - len(pending)
    assert decided > len(cases) / 2
    assert 0 < len(overdue) < len(cases) / 3


def test_hotline_calls_come_in_working_hours(actor) -> None:
    rng = random.Random(3)  # noqa: S311  (demo data, not secrets)
    calls = seed_calls(operator=actor("hotline_operator"), rng=rng, year=2026, count=60)
    for call in calls:
        local = timezone.localtime(call.received_at)
        assert local.weekday() < 5 and OPEN_HOUR <= local.hour < CLOSE_HOUR, local


def test_the_demo_command_loads_every_side_and_prints_the_log_ins() -> None:
    """`./run demo`'s loader, end to end: generated cases, then the prevention and protection
    sides (shelters, proceedings, compensation) on top of them, without one refusing another."""
    from io import StringIO

    from django.core.management import call_command

    from palermo.justice.models import Proceedings

    out = StringIO()
    call_command("demo", "--cases", "60", stdout=out)
    assert "Password for every demo user" in out.getvalue()
    assert Proceedings.objects.exists()
