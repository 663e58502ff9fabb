"""Two people answering the same referral at the same moment: exactly one answer applies.

Real concurrency needs a database server (PostgreSQL); on SQLite these tests are skipped (SQLite
serialises writers anyway)."""

from __future__ import annotations

import pytest

from palermo.core.audit import verify_chain
from palermo.referrals.models import Referral
from palermo.referrals.services import (
    do_accept_referral,
    do_decline_referral,
    do_withdraw_referral,
)
from tests.concurrency import race


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
