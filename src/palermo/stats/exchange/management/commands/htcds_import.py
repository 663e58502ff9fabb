from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.stats.exchange.management.commands._actor import actor_named
from palermo.stats.exchange.services import do_import_htcds


class Command(BaseCommand):
    help = "Import an HTCDS file (CSV or XLSX) as the user's agency's cases: all rows or none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="who imports (their agency owns it)")
        parser.add_argument("--agency", type=int, default=None, help="their agency's id")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_named(options["user"], options["agency"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no file {path}")
        try:
            result = do_import_htcds(actor=actor, filename=path.name, content=path.read_bytes())
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        if not result.ok:
            for error in result.errors:
                self.stderr.write(f"line {error.line}: {error.column or '-'}: {error.message}")
            raise CommandError(f"nothing imported: {len(result.errors)} problems")
        self.stdout.write(
            f"Imported {result.cases} cases and {result.services} services "
            f"({len(result.flags)} possible duplicates flagged)."
        )
        for flag in result.flags:
            seen = ", ".join(flag.visible) or "-"
            elsewhere = ", ".join(flag.elsewhere) or "-"
            self.stdout.write(
                f"  line {flag.line}: {flag.case_reference} may be {seen}; known to {elsewhere}"
            )
