"""``palermo backup FILE [--data-keys KEYFILE]``: an encrypted backup of the database.

FILE holds every table, encrypted with PALERMO_BACKUP_KEY; the persons' wrapped data keys are
never in it. ``--data-keys`` writes them to KEYFILE, which is kept apart and *overwritten* by each
backup (docs/operations.md). Both files are written under a temporary name and renamed when
complete, so a backup killed halfway never leaves a file that looks whole.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.lifecycle.backup import write_backup, write_data_keys
from palermo.lifecycle.sealedfile import backup_key


def _write_atomically(path: Path, writer: Any) -> Any:
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("wb") as stream:
            result = writer(stream)
            stream.flush()
            os.fsync(stream.fileno())
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise CommandError(f"cannot write {path}: {exc.strerror}") from None
    return result


class Command(BaseCommand):
    help = "Write an encrypted backup of the database (and, apart, the wrapped data keys)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", help="the backup file to write")
        parser.add_argument("--data-keys", help="the data-key file to (over)write")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = backup_key()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        output = Path(options["output"])
        keys_path = Path(options["data_keys"]) if options["data_keys"] else None
        if keys_path is not None and keys_path.resolve() == output.resolve():
            raise CommandError("--data-keys must be another file than the backup")
        report = _write_atomically(output, lambda s: write_backup(s, key))
        self.stdout.write(f"Backup written: {sum(report.rows.values())} rows in {output}")
        if keys_path is not None:
            count = _write_atomically(keys_path, lambda s: write_data_keys(s, key))
            self.stdout.write(f"Data keys written: {count} keys in {keys_path}")
