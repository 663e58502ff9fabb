"""``manage.py retention scan|run|status`` (``palermo retention ...``): the shredder's job.

``scan`` proposes a shredding list of everything due under the pack's retention rules; a
national administrator approves it in the web interface or the API; ``run`` destroys the records
of approved lists. Both are what the scheduled job does (palermo.lifecycle.tasks); run them from
cron or a systemd timer if the task worker is not used.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.lifecycle.models import ShredBatch, ShredItem
from palermo.lifecycle.services import do_carry_out_shredding, do_scan_retention


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of: '{text}' is not a date (write YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = "Propose (scan) and carry out (run) destruction under the pack's retention rules."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["scan", "run", "status"])
        parser.add_argument("--as-of", help="the day to evaluate the rules on (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = _day(options["as_of"]) if options["as_of"] else None
        action = options["action"]
        if action == "scan":
            batch = do_scan_retention(today=today)
            if batch is None:
                self.stdout.write("Nothing is due.")
            else:
                self.stdout.write(
                    f"Proposed shredding list {batch.pk} with {batch.items.count()} records; "
                    "a national administrator must approve it."
                )
        elif action == "run":
            handled = do_carry_out_shredding(today=today)
            self.stdout.write(f"Handled {handled} records of approved shredding lists.")
        for batch in ShredBatch.objects.exclude(status=ShredBatch.Status.DONE).order_by("pk"):
            pending = batch.items.filter(status=ShredItem.Status.PENDING).count()
            self.stdout.write(f"List {batch.pk}: {batch.status}, {pending} records pending")
