"""Two people flagging the same case at the same moment: the flag is set once, audited once.

Real concurrency needs a database server (PostgreSQL); on SQLite these tests are skipped."""

from __future__ import annotations

import pytest

from palermo.cases.models import CaseFlag
from palermo.cases.services import do_clear_flag, do_set_flag
from palermo.core.audit import AuditEvent, verify_chain
from tests.concurrency import race


@pytest.mark.parametrize("attempt", range(3))
def test_the_same_flag_set_twice_at_once_is_set_once(attempt, server_db, minsk_case, actor):
    officer, admin = actor("officer_minsk"), actor("admin")
    results = race(
        lambda: do_set_flag(actor=officer, case=minsk_case, code="risk_to_safety"),
        lambda: do_set_flag(actor=admin, case=minsk_case, code="risk_to_safety"),
    )
    assert results == ["applied", "applied"]  # the second finds it set: nothing to do
    assert CaseFlag.objects.filter(case=minsk_case, cleared_at=None).count() == 1
    assert AuditEvent.objects.filter(action="case.flag_set").count() == 1
    results = race(
        lambda: do_clear_flag(actor=officer, case=minsk_case, code="risk_to_safety"),
        lambda: do_clear_flag(actor=admin, case=minsk_case, code="risk_to_safety"),
    )
    assert AuditEvent.objects.filter(action="case.flag_cleared").count() == 1
    assert verify_chain().ok
