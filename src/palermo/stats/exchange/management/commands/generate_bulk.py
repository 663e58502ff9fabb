from __future__ import annotations

import getpass
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.stats.exchange.services import do_generate_bulk


class Command(BaseCommand):
    help = "Write a synthetic national history fast (bulk inserts, one audit event for the run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, cases: int, seed: int, **options: Any) -> None:
        started = time.perf_counter()

        def progress(done: int) -> None:
            if done % 100_000 == 0 or done == cases:
                elapsed = time.perf_counter() - started
                self.stderr.write(f"  {done} cases ({elapsed:.0f} s)")

        try:
            result = do_generate_bulk(
                cases=cases, seed=seed, started_by=getpass.getuser(), progress=progress
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(
            f"Generated {result.cases} synthetic cases, {result.services} services and "
            f"{result.referrals} referrals in {result.run.seconds} s (seed {seed}, "
            f"run {result.run.pk}, references {result.run.pk and 'SYN' + str(result.run.pk)}-…)."
        )
