"""Two people answering the same referral at the same moment: exactly one answer applies.

Real concurrency needs a database server (PostgreSQL); on SQLite these tests are skipped (SQLite
serialises writers anyway)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from palermo.core.audit import verify_chain
from palermo.core.errors import ConflictError
from palermo.referrals.models import Referral
from palermo.referrals.services import (
    do_accept_referral,
    do_decline_referral,
    do_withdraw_referral,
)


def race(*steps: Callable[[], object]) -> list[str]:
    barrier = threading.Barrier(len(steps))
    results = [""] * len(steps)

    def run(index: int, step: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            step()
            results[index] = "applied"
        except (ValidationError, ConflictError):
            results[index] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def server_db(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


@pytest.mark.parametrize("attempt", range(3))
def test_accept_and_decline_cannot_both_apply(attempt, server_db, referral, actor):
    gomel = actor("caseworker_gomel")
    results = race(
        lambda: do_accept_referral(actor=gomel, referral=referral, expected_version=1),
        lambda: do_decline_referral(
            actor=gomel, referral=referral, reason="Full.", expected_version=1
        ),
        lambda: do_withdraw_referral(
            actor=actor("officer_minsk"), referral=referral, expected_version=1
        ),
    )
    assert sorted(results) == ["applied", "refused", "refused"]
    final = Referral.objects.get(pk=referral.pk)
    winner = ["accepted", "declined", "withdrawn"][results.index("applied")]
    assert final.status == winner and final.version == 2
    assert verify_chain().ok
