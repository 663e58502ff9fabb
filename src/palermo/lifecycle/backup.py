"""``palermo backup`` / ``palermo restore``: an encrypted copy of the database that restores.

The dump holds every row of every table as stored — encrypted columns stay ciphertext, nothing is
decrypted on the way — as JSON lines, compressed and encrypted with ``PALERMO_BACKUP_KEY``
(:mod:`palermo.lifecycle.sealedfile`). It works the same on SQLite and PostgreSQL and needs no
client tools.

Three things are kept apart (docs/operations.md):

* the dump itself — any number of them, kept as long as the backup policy says;
* the key ring (``PALERMO_ENCRYPTION_KEYS``) — never in a dump;
* the wrapped data keys (of persons, hotline callers, tips, reported tourists, suspects) — never
  in a dump either, but in a *data-key file* that each backup overwrites. Restoring an old dump
  takes the data keys from the newest data-key file, so a record shredded since the dump was made
  stays unreadable: crypto-shredding reaches every backup.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import gzip
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.models import ExpressionWrapper, F
from django.utils import timezone

from palermo.core.audit import record
from palermo.core.datakeys import DataKey, clear_data_key_cache
from palermo.core.fields import EncryptedField
from palermo.lifecycle.sealed import shred_records_without_keys
from palermo.lifecycle.sealedfile import BackupError, DecryptingReader, EncryptingWriter
from palermo.people.models import Person
from palermo.people.services import erase_person_identity

FORMAT = "palermo-backup-1"
DATA_KEYS_FORMAT = "palermo-data-keys-1"
BATCH = 500
# Tables that ``migrate`` fills in a new database (from the code); restoring replaces them.
REGENERATED = ("contenttypes.contenttype", "auth.permission")


class RestoreError(Exception):
    """The target is not empty, or the backup does not fit this version of Palermo."""


@dataclass
class BackupReport:
    rows: dict[str, int] = field(default_factory=dict)
    data_keys: int = 0


def _models() -> list[type[models.Model]]:
    """Every table with its own rows, in a stable order (foreign keys are checked at commit)."""
    found = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and not m._meta.swapped
    ]
    return sorted(found, key=lambda m: m._meta.label_lower)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()  # full precision: the audit chain hashes timestamps
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.timedelta):
        return {"__timedelta__": value.total_seconds()}
    if isinstance(value, bytes | memoryview):
        return {"__bytes__": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _decode(field_: models.Field[Any, Any], value: Any) -> Any:
    if isinstance(value, dict) and "__bytes__" in value and len(value) == 1:
        return base64.b64decode(value["__bytes__"])
    if isinstance(value, dict) and "__timedelta__" in value and len(value) == 1:
        return datetime.timedelta(seconds=value["__timedelta__"])
    return field_.to_python(value)


def _rows(model: type[models.Model], using: str) -> Iterator[list[Any]]:
    fields = model._meta.local_concrete_fields
    raw = {
        f"_raw_{f.attname}": ExpressionWrapper(F(f.attname), output_field=models.TextField())
        for f in fields
        if isinstance(f, EncryptedField)
    }
    names = [f"_raw_{f.attname}" if f"_raw_{f.attname}" in raw else f.attname for f in fields]
    queryset = model._base_manager.using(using).annotate(**raw).order_by("pk")
    for row in queryset.values_list(*names).iterator(chunk_size=2000):
        yield [_encode(v) for v in row]


def write_backup(stream: IO[bytes], key: bytes, *, using: str = "default") -> BackupReport:
    """Dump every table into ``stream``, encrypted; wrapped data keys are left out."""
    report = BackupReport()
    connection = connections[using]
    # One snapshot: on PostgreSQL a repeatable-read transaction sees one consistent state (only
    # possible as the first statement of an outermost transaction).
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with (
        EncryptingWriter(stream, key) as sink,
        gzip.GzipFile(fileobj=sink, mode="wb") as out,
        transaction.atomic(using=using),
    ):
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        out.write(_line({"format": FORMAT, "made_at": timezone.now().isoformat()}))
        for model in _models():
            columns = [f.attname for f in model._meta.local_concrete_fields]
            out.write(_line({"table": model._meta.label_lower, "columns": columns}))
            count = 0
            wrapped_at = columns.index("wrapped") if model is DataKey else -1
            for row in _rows(model, using):
                if wrapped_at >= 0:
                    row[wrapped_at] = None  # kept apart, in the data-key file
                out.write(_line(row))
                count += 1
            report.rows[model._meta.label_lower] = count
    return report


def write_data_keys(stream: IO[bytes], key: bytes, *, using: str = "default") -> int:
    """The live wrapped data keys (still encrypted by the key ring), to be kept apart."""
    count = 0
    with EncryptingWriter(stream, key) as sink, gzip.GzipFile(fileobj=sink, mode="wb") as out:
        out.write(_line({"format": DATA_KEYS_FORMAT, "made_at": timezone.now().isoformat()}))
        raw = ExpressionWrapper(F("wrapped"), output_field=models.TextField())
        live = DataKey.objects.using(using).filter(wrapped__isnull=False).annotate(raw=raw)
        for pk, token in live.order_by("pk").values_list("pk", "raw").iterator(chunk_size=2000):
            out.write(_line([pk, token]))
            count += 1
    return count


def _line(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _read_lines(stream: IO[bytes], key: bytes) -> Iterator[Any]:
    reader = DecryptingReader(stream, key)
    try:
        with gzip.GzipFile(fileobj=reader, mode="rb") as lines:
            for line in lines:
                yield json.loads(line)
    except (OSError, EOFError, json.JSONDecodeError) as exc:
        raise BackupError(f"the backup is damaged: {exc}") from None


def _ensure_empty(using: str) -> None:
    for model in _models():
        if model._meta.label_lower in REGENERATED:
            continue
        if model._base_manager.using(using).exists():
            raise RestoreError(
                f"the database is not empty ({model._meta.label_lower} has rows): restore only "
                "into a new database that `palermo manage migrate` has just created"
            )


def _insert(using: str, model: type[models.Model], columns: list[str], rows: list[Any]) -> None:
    connection = connections[using]
    by_attname = {f.attname: f for f in model._meta.local_concrete_fields}
    fields = [by_attname[c] for c in columns]
    quoted = ", ".join(connection.ops.quote_name(f.column or f.attname) for f in fields)
    # Table and column names come from the models and are quoted; values are parameters.
    table = connection.ops.quote_name(model._meta.db_table)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"  # noqa: S608
    params = []
    for row in rows:
        values = []
        for field_, value in zip(fields, row, strict=True):
            if isinstance(field_, EncryptedField) or value is None:
                values.append(value)  # the stored token, as it was
            else:
                values.append(field_.get_db_prep_save(_decode(field_, value), connection))
        params.append(values)
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def restore_backup(
    stream: IO[bytes],
    key: bytes,
    *,
    data_keys: IO[bytes] | None = None,
    using: str = "default",
) -> BackupReport:
    """Load a backup into a freshly migrated, empty database, in one transaction.

    Data keys come from ``data_keys`` (the newest data-key file): a person whose key is not in it
    was shredded after the dump was made, and is erased again here.
    """
    report = BackupReport()
    tables = {m._meta.label_lower: m for m in _models()}
    with transaction.atomic(using=using):
        _ensure_empty(using)
        for label in reversed(REGENERATED):
            tables[label]._base_manager.using(using).all().delete()
        lines = _read_lines(stream, key)
        header = next(lines, None)
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise BackupError("not a Palermo database backup")
        model: type[models.Model] | None = None
        columns: list[str] = []
        batch: list[Any] = []
        for line in lines:
            if isinstance(line, dict):
                if model is not None and batch:
                    _insert(using, model, columns, batch)
                batch = []
                if line["table"] not in tables:
                    raise RestoreError(
                        f"the backup has a table this version lacks: {line['table']}"
                    )
                model, columns = tables[line["table"]], line["columns"]
                report.rows[line["table"]] = 0
                continue
            batch.append(line)
            report.rows[model._meta.label_lower] += 1  # type: ignore[union-attr]
            if len(batch) >= BATCH:
                _insert(using, model, columns, batch)  # type: ignore[arg-type]
                batch = []
        if model is not None and batch:
            _insert(using, model, columns, batch)
        if data_keys is not None:
            report.data_keys = _load_data_keys(data_keys, key, using)
        _erase_persons_without_keys(using)
        shred_records_without_keys(using=using)
        _reset_sequences(using, list(tables.values()))
        clear_data_key_cache()
        record(
            "backup.restored",
            purpose="disaster recovery",
            using=using,
            data={"rows": sum(report.rows.values()), "data_keys": report.data_keys},
        )
    return report


def _load_data_keys(stream: IO[bytes], key: bytes, using: str) -> int:
    lines = _read_lines(stream, key)
    header = next(lines, None)
    if not isinstance(header, dict) or header.get("format") != DATA_KEYS_FORMAT:
        raise BackupError("not a Palermo data-key file")
    connection = connections[using]
    table = connection.ops.quote_name(DataKey._meta.db_table)
    count = 0
    with connection.cursor() as cursor:
        for pk, token in lines:
            cursor.execute(
                f"UPDATE {table} SET wrapped = %s WHERE id = %s AND destroyed_at IS NULL",  # noqa: S608
                [token, pk],
            )
            count += cursor.rowcount
    return count


def _erase_persons_without_keys(using: str) -> None:
    """Persons shredded after the dump: their key is gone, so their identity goes too."""
    now = timezone.now()
    DataKey.objects.using(using).filter(wrapped__isnull=True, destroyed_at__isnull=True).update(
        destroyed_at=now
    )
    orphaned = Person.objects.using(using).filter(
        identity_erased_at__isnull=True, data_key__destroyed_at__isnull=False
    )
    for pk in list(orphaned.values_list("pk", flat=True)):
        erase_person_identity(pk)


def _reset_sequences(using: str, all_models: list[type[models.Model]]) -> None:
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), all_models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
