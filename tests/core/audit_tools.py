"""Helpers of the audit tests: tampering as an attacker with database access would do it.

The database refuses UPDATE and DELETE on audit rows (triggers), so tampering first removes the
triggers, exactly as a database owner could, and puts them back afterwards (inside a test's
transaction the rollback would restore them too).
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator
from typing import Any

from django.db import connection

from palermo.core.audit import AuditEvent, AuditSeal, record

TABLE = connection.ops.quote_name(AuditEvent._meta.db_table)
SEALS = connection.ops.quote_name(AuditSeal._meta.db_table)
_TRIGGERS = importlib.import_module("palermo.core.migrations.0005_audit_event_number_and_triggers")


class _Editor:
    """What the migration's trigger functions need of a schema editor."""

    def __init__(self) -> None:
        self.connection = connection

    def execute(self, statement: str, params: Any = ()) -> None:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)


@contextlib.contextmanager
def triggers_removed() -> Iterator[None]:
    _TRIGGERS.allow_audit_changes(None, _Editor())
    try:
        yield
    finally:
        _TRIGGERS.forbid_audit_changes(None, _Editor())


def sql(statement: str, params: list[Any] | tuple[Any, ...] = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement.format(table=TABLE, seals=SEALS), params)


def tamper(statement: str, params: list[Any] | tuple[Any, ...] = ()) -> None:
    with triggers_removed():
        sql(statement, params)


def db_json(value: Any) -> Any:
    return AuditEvent._meta.get_field("data").get_db_prep_value(value, connection)


def make_events(count: int) -> list[AuditEvent]:
    return [
        record(
            "case.updated",
            object_type="cases.case",
            object_id=str(100 + n),
            purpose="case management",
            data={"case_fields": ["status"], "round": n, "ratio": n / 4},
        )
        for n in range(1, count + 1)
    ]
