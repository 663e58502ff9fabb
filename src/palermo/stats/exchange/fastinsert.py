"""Plain multi-row INSERTs for the bulk generator.

``bulk_create`` spends about a millisecond per row on this machine building model instances
and compiling each value; for millions of rows that is the whole cost. Here the columns and the
defaults of every other column are worked out once per model, and rows go to the database as
multi-row ``INSERT … VALUES (…), (…), …`` statements, or through ``COPY`` on PostgreSQL. Values must already be what the column stores: encrypted fields encrypted by
the caller (``field.get_prep_value``); dates and times are adapted here for the backend.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.db import connection, models
from django.utils import timezone


class Inserter:
    """INSERTs into one model's table: ``rows`` give some fields, the others take their default."""

    def __init__(self, model: type[models.Model], given: Sequence[str]) -> None:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        by_name = {f.name: f for f in fields}
        unknown = [name for name in given if name not in by_name]
        if unknown:
            raise ValueError(f"{model.__name__} has no field {unknown}")
        self.given = list(given)
        ops = connection.ops
        # One adapter per column, looked up once: the connection proxy is slow to ask per value.
        self.adapters: list[Callable[[Any], Any] | None] = []
        for name in given:
            field = by_name[name]
            if isinstance(field, models.DateTimeField):
                self.adapters.append(ops.adapt_datetimefield_value)
            elif isinstance(field, models.DateField):
                self.adapters.append(ops.adapt_datefield_value)
            else:
                self.adapters.append(None)
        rest = [f for f in fields if f.name not in given]
        self.defaults = [self._default(f) for f in rest]
        columns = [str(by_name[name].column) for name in given] + [str(f.column) for f in rest]
        qn = connection.ops.quote_name
        # Rows per statement: as many as the backend takes parameters for (999 on SQLite),
        # at most 500. One statement with many rows is far cheaper than one per row.
        limit = connection.features.max_query_params or 65535
        self.per_statement = max(1, min(500, limit // len(columns)))
        # Only the model's own table and column names (quoted) go into the text; values are
        # parameters.
        self.head = (
            f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) VALUES "  # noqa: S608
        )
        self.row_marks = f"({', '.join(['%s'] * len(columns))})"
        # PostgreSQL takes rows fastest through COPY (psycopg adapts each value itself).
        self.copy_sql = (
            f"COPY {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN"
        )

    @staticmethod
    def _default(field: models.Field[Any, Any]) -> Any:
        if field.has_default():
            return adapt(field.get_db_prep_save(field.get_default(), connection))
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return adapt(timezone.now())
        return None if field.null else adapt(field.get_db_prep_save("", connection))

    def insert(self, rows: Iterable[Mapping[str, Any]]) -> int:
        values = [
            tuple(adapt(row.get(n)) for n in self.given) + tuple(self.defaults) for row in rows
        ]
        if not values:
            return 0
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor, cursor.cursor.copy(self.copy_sql) as copy:
                for row in values:
                    copy.write_row(row)
            return len(values)
        with connection.cursor() as cursor:
            for start in range(0, len(values), self.per_statement):
                batch = values[start : start + self.per_statement]
                sql = self.head + ", ".join([self.row_marks] * len(batch))
                cursor.execute(sql, [v for row in batch for v in row])
        return len(values)


def adapt(value: Any) -> Any:
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value
