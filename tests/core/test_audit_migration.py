"""An audit log written before sealing existed is sealed by the migration and keeps verifying."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from palermo.core.audit import AuditEvent, record, seal_pending, verify_chain

BEFORE = [("core", "0002_notifications")]


def _old_chain_rows(count: int) -> list[dict[str, object]]:
    """Events as the previous release wrote them: seq 1..n, each hashed with its predecessor's."""
    rows, previous = [], "0" * 64
    for seq in range(1, count + 1):
        row: dict[str, object] = {
            "seq": seq,
            "occurred_at": datetime(2026, 1, 1, 9, 0, seq, 123456, tzinfo=UTC),
            "actor_user_id": None,
            "actor_username": "",
            "agency_id": None,
            "agency_name": "",
            "action": "case.updated",
            "object_type": "cases.case",
            "object_id": str(seq),
            "purpose": "case management",
            "data": {"round": seq, "Рэгіён": "Мінск"},
            "prev_hash": previous,
        }
        payload = {**row, "occurred_at": f"2026-01-01T09:00:{seq:02d}.123456Z"}
        text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        previous = hashlib.sha256((previous + text).encode()).hexdigest()
        rows.append({**row, "hash": previous})
    return rows


def _migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_an_old_chain_and_new_events_follow_it() -> None:
    # Every app's newest migration: going back to BEFORE also unapplies the migrations of other
    # apps that depend on later core ones (people's data keys), and the tests after this one
    # need the whole schema back.
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    _migrate(BEFORE)
    try:
        old_event = (
            MigrationExecutor(connection)
            .loader.project_state(BEFORE[0])
            .apps.get_model("core", "AuditEvent")
        )
        for row in _old_chain_rows(5):
            old_event.objects.create(**row)
    finally:
        _migrate(latest)

    report = verify_chain()
    assert report.ok, report.problems
    assert (report.sealed, report.head.seq) == (5, 1)
    newer = record("case.updated", object_type="cases.case", object_id="6")
    assert newer.seq == 6  # the numbering goes on after the old events
    seal_pending()
    assert verify_chain().sealed == 6 == AuditEvent.objects.count()
