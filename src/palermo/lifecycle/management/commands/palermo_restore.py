"""``palermo restore FILE [--data-keys KEYFILE]``: load a backup into a new, empty database.

Run ``palermo manage migrate`` on the new database first. Give the *newest* data-key file: the
identities of persons shredded since the backup was made stay destroyed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.lifecycle.backup import RestoreError, restore_backup
from palermo.lifecycle.sealedfile import BackupError, backup_key


class Command(BaseCommand):
    help = "Restore an encrypted backup into a freshly migrated, empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", help="the backup file")
        parser.add_argument("--data-keys", help="the newest data-key file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = backup_key()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        source = Path(options["input"])
        keys_path = Path(options["data_keys"]) if options["data_keys"] else None
        try:
            with source.open("rb") as stream:
                if keys_path is None:
                    self.stderr.write(
                        "No --data-keys file: every sealed identity will be unreadable."
                    )
                    report = restore_backup(stream, key)
                else:
                    with keys_path.open("rb") as keys:
                        report = restore_backup(stream, key, data_keys=keys)
        except OSError as exc:
            raise CommandError(f"cannot read {exc.filename}: {exc.strerror}") from None
        except (BackupError, RestoreError) as exc:
            raise CommandError(f"nothing was restored: {exc}") from None
        self.stdout.write(
            f"Restored {sum(report.rows.values())} rows and {report.data_keys} data keys."
        )
