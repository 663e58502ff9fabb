"""``manage.py rotate_keys`` (``palermo rotate-keys``): move encrypted values to the newest key.

Run it after putting a new key first in ``PALERMO_ENCRYPTION_KEYS``; remove the old key only once
this command reports nothing left to re-encrypt.

Each batch is its own transaction, so user edits wait at most one batch and an interrupted run
keeps its progress; running the command again finishes the job (it only touches values that are
not yet under the newest key). Rows are written with ``QuerySet.update()``, never ``save()``:
re-encryption changes no value, so no model logic, signal or ``auto_now`` field may fire.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models import ExpressionWrapper, F, Q, Value

from palermo.core.crypto import FORMAT_VERSION, DecryptionError, KeyRing, get_keyring
from palermo.core.datakeys import SEALED_PREFIX
from palermo.core.fields import EncryptedField, iter_encrypted_fields

AUDIT_ACTION = "crypto.keys_rotated"
DEFAULT_BATCH_SIZE = 500


@dataclass
class ModelCount:
    rows: int = 0
    values: int = 0


def _raw(field: EncryptedField) -> ExpressionWrapper[Any]:
    # The column as stored (the token), without the field's decryption on the way out.
    return ExpressionWrapper(F(field.name), output_field=models.TextField())


def _audit_record() -> Callable[..., Any]:
    # Imported here, not at module level, so that this module loads even while the audit app
    # is missing; but a rotation is never run without its audit event.
    try:
        audit = importlib.import_module("palermo.core.audit")
    except ImportError as exc:
        raise CommandError(
            "palermo.core.audit.record is not available: refusing to rotate keys without "
            "recording an audit event"
        ) from exc
    record: Callable[..., Any] | None = getattr(audit, "record", None)
    if record is None:
        raise CommandError(
            "palermo.core.audit.record is not available: refusing to rotate keys without "
            "recording an audit event"
        )
    return record


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value that was encrypted with an older key, using the newest "
        "key (the first in PALERMO_ENCRYPTION_KEYS)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Decrypt and count the values that would be re-encrypted; change nothing.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help=f"Rows per transaction (default {DEFAULT_BATCH_SIZE}).",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Database alias (default 'default')."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run: bool = options["dry_run"]
        batch_size: int = options["batch_size"]
        database: str = options["database"]
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        record = None if dry_run else _audit_record()
        try:
            ring = get_keyring()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc

        self.stdout.write(f"Newest key: {ring.newest_id} (key ring: {', '.join(ring.key_ids)})")
        by_model: dict[type[models.Model], list[EncryptedField]] = {}
        for model, field in iter_encrypted_fields():
            by_model.setdefault(model, []).append(field)

        counts: dict[str, ModelCount] = {}
        verb = "would re-encrypt" if dry_run else "re-encrypted"
        for model, fields in by_model.items():
            count = self._rotate_model(model, fields, ring, database, batch_size, dry_run)
            counts[model._meta.label] = count
            self.stdout.write(
                f"{model._meta.label}: {verb} {count.values} values in {count.rows} rows"
            )

        total = ModelCount(
            rows=sum(c.rows for c in counts.values()),
            values=sum(c.values for c in counts.values()),
        )
        if record is not None:
            with transaction.atomic(using=database):
                record(
                    AUDIT_ACTION,
                    purpose="key rotation",
                    using=database,
                    data={
                        "newest_key_id": ring.newest_id,
                        "key_ids": ring.key_ids,
                        "rows": total.rows,
                        "values": total.values,
                        "models": {
                            label: {"rows": c.rows, "values": c.values}
                            for label, c in counts.items()
                        },
                    },
                )
        summary = f"Total: {verb} {total.values} values in {total.rows} rows"
        if dry_run:
            self.stdout.write(f"{summary} (dry run: nothing was changed)")
        else:
            self.stdout.write(self.style.SUCCESS(summary))

    def _rotate_model(
        self,
        model: type[models.Model],
        fields: list[EncryptedField],
        ring: KeyRing,
        database: str,
        batch_size: int,
        dry_run: bool,
    ) -> ModelCount:
        # The base manager: every row, whatever a custom default manager may hide.
        manager = model._base_manager.db_manager(database)
        raw_names = [f"_palermo_raw_{index}" for index in range(len(fields))]
        current_prefix = f"{FORMAT_VERSION}.{ring.newest_id}."
        # Let the database skip rows already under the newest key; the check below is exact.
        stale = Q()
        for raw_name in raw_names:
            stale |= (
                Q(**{f"{raw_name}__isnull": False})
                & ~Q(**{raw_name: ""})
                & ~Q(**{f"{raw_name}__startswith": current_prefix})
                & ~Q(**{f"{raw_name}__startswith": SEALED_PREFIX})
            )
        candidates = (
            manager.annotate(**{name: _raw(f) for name, f in zip(raw_names, fields, strict=True)})
            .filter(stale)
            .order_by("pk")
        )

        count = ModelCount()
        last_pk: Any = None
        while True:
            with transaction.atomic(using=database):
                batch = candidates if last_pk is None else candidates.filter(pk__gt=last_pk)
                if not dry_run:
                    # Lock the rows (PostgreSQL; SQLite locks the whole database) so that a
                    # concurrent edit cannot be overwritten with the old value read here.
                    batch = batch.select_for_update()
                rows = list(batch.values_list("pk", *raw_names)[:batch_size])
                for pk, *tokens in rows:
                    updates = self._reencrypt_row(model, pk, fields, tokens, ring)
                    if updates:
                        count.rows += 1
                        count.values += len(updates)
                        if not dry_run:
                            manager.filter(pk=pk).update(**updates)
            if len(rows) < batch_size:
                return count
            last_pk = rows[-1][0]

    @staticmethod
    def _reencrypt_row(
        model: type[models.Model],
        pk: Any,
        fields: list[EncryptedField],
        tokens: list[str | None],
        ring: KeyRing,
    ) -> dict[str, Value]:
        updates: dict[str, Value] = {}
        for field, token in zip(fields, tokens, strict=True):
            if not token or token.startswith(SEALED_PREFIX):
                # Sealed with a subject's data key: rotating re-wraps that key (core.DataKey),
                # never the value itself.
                continue
            context = field.encryption_context or ""
            try:
                if not ring.needs_rotation(token):
                    continue
                # Decrypting also proves the value is intact before anything is written.
                new_token = ring.encrypt(ring.decrypt(token, context=context), context=context)
            except DecryptionError as exc:
                raise CommandError(
                    f"{model._meta.label} pk={pk} field {field.name!r}: {exc}. Batches reported "
                    "before this error are saved; fix the key ring and run the command again."
                ) from exc
            # A plain expression, so the encrypted field does not encrypt the token again.
            updates[field.name] = Value(new_token, output_field=models.TextField())
        return updates
