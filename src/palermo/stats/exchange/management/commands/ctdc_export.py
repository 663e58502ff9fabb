from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.stats.exchange.access import released_file
from palermo.stats.exchange.management.commands._actor import actor_named
from palermo.stats.exchange.services import PeriodInput, do_release_ctdc


class Command(BaseCommand):
    help = "Make the k-anonymous CTDC-layout file, register it as a release and write it out."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="who makes the release")
        parser.add_argument("--agency", type=int, default=None, help="their agency's id")
        parser.add_argument("--year-from", type=int, default=None)
        parser.add_argument("--year-to", type=int, default=None)
        parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
        parser.add_argument("--output", required=True, help="file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_named(options["user"], options["agency"])
        data = PeriodInput(
            year_from=options["year_from"],
            year_to=options["year_to"],
            file_format=options["format"],
        )
        try:
            release = do_release_ctdc(actor=actor, data=data)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        Path(options["output"]).write_bytes(released_file(release))
        report = release.report
        self.stdout.write(
            f"Release {release.pk}: {release.rows} rows (k = {release.rule['k']}, "
            f"{report['dropped']} dropped), SHA-256 {release.sha256}"
        )
