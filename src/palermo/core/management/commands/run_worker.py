"""`palermo worker`: the background worker — django-tasks' database worker plus the schedule of
periodic jobs (palermo.core.periodic). Stops on SIGINT/SIGTERM."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from palermo.core.periodic import Scheduler, periodic_jobs


class Command(BaseCommand):
    help = "Run the background worker: queued tasks and the periodic jobs (e.g. audit sealing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="only run queued tasks; another worker enqueues the periodic jobs",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = [] if options["no_schedule"] else periodic_jobs()
        for job in jobs:
            self.stdout.write(f"Periodic job {job.path}: every {job.every:g} s")
        scheduler = Scheduler(jobs)
        scheduler.start()
        try:
            call_command(
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "1",
                verbosity=options["verbosity"],
            )
        finally:
            scheduler.stop()
            scheduler.join(timeout=5)
