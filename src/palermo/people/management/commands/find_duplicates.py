"""`palermo manage find_duplicates`: a batch scan for suspected duplicate persons (system run)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from palermo.people.matching import DEFAULT_THRESHOLD
from palermo.people.services import do_scan_duplicates


class Command(BaseCommand):
    help = "Scans every person for suspected duplicates and stores the pairs for review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)

    def handle(self, *args: Any, threshold: float, **options: Any) -> None:
        if not 0 < threshold <= 1:
            self.stderr.write("--threshold must be above 0 and at most 1")
            raise SystemExit(2)
        scan = do_scan_duplicates(actor=None, threshold=threshold)
        self.stdout.write(
            f"scan {scan.pk}: {scan.persons_checked} persons checked, "
            f"{scan.pairs_found} suspected pairs"
        )
