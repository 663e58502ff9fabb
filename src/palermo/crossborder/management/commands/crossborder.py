"""``manage.py crossborder`` (``palermo crossborder``): this installation's public key, and
packages brought in as files.

* ``export-key`` prints the public key text to give to partners; the key pair is created the
  first time (audited as the system), never replaced.
* ``import-package FILE`` checks and takes in a package (a referral or a partner's answer) exactly
  like the upload page: a refused package writes nothing and the command exits with status 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.crossborder.package import MAX_PACKAGE_BYTES, PackageRefused
from palermo.crossborder.services import (
    do_generate_installation_key,
    do_receive_package,
    public_key_text,
)


class Command(BaseCommand):
    help = "Cross-border referrals: export this installation's public key, import a package file."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        sub.add_parser("export-key", help="print the public key to give to partners")
        imp = sub.add_parser("import-package", help="check and take in a package file")
        imp.add_argument("path", help="the package file (JSON)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export-key":
            self._export_key()
        else:
            self._import(Path(options["path"]))

    def _export_key(self) -> None:
        text = public_key_text()
        if text is None:
            do_generate_installation_key(actor=None)
            self.stderr.write("Created this installation's key pair.")
            text = public_key_text()
        self.stdout.write(str(text))

    def _import(self, path: Path) -> None:
        try:
            if path.stat().st_size > MAX_PACKAGE_BYTES:
                raise CommandError(f"{path}: larger than {MAX_PACKAGE_BYTES} bytes")
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        try:
            received = do_receive_package(text=data, actor=None, channel="cli")
        except PackageRefused as exc:
            raise CommandError(f"{path}: refused ({exc.code}): {exc.message}") from None
        except ValidationError as exc:
            raise CommandError(f"{path}: {'; '.join(exc.messages)}") from None
        if received.incoming is not None:
            self.stdout.write(
                f"Referral {received.incoming.reference} received into the queue of "
                f"{received.incoming.agency.display_name}."
            )
        elif received.outgoing is not None:
            self.stdout.write(
                f"Answer to {received.outgoing.reference}: {received.outgoing.status}."
            )
