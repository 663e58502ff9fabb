"""``palermo stats report --year 2025 --lang ru --format pdf``: the yearly report from today's
figures, after disclosure control, written to a file (CSV: one file per table)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.stats.services import FORMATS, do_generate_report


class Command(BaseCommand):
    help = "Write the National Rapporteur's yearly report (disclosure-controlled)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--lang", default="en")
        parser.add_argument("--format", default="pdf", choices=FORMATS)
        parser.add_argument(
            "--output",
            default="",
            help="file to write (a folder for CSV); default: the file's own name, here",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            documents = do_generate_report(
                actor=None, year=options["year"], language=options["lang"], format=options["format"]
            )
        except ValidationError as exc:
            messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            raise CommandError(
                "; ".join(
                    f"--{field}: {' '.join(m)}" if field else " ".join(m)
                    for field, m in messages.items()
                )
            ) from None
        output = Path(options["output"]) if options["output"] else None
        for _key, name, content in documents:
            if output is None:
                target = Path(name)
            elif options["format"] == "csv" or output.is_dir():
                output.mkdir(parents=True, exist_ok=True)
                target = output / name
            else:
                target = output
            target.write_bytes(content)
            self.stdout.write(f"{target} ({len(content)} bytes)")
