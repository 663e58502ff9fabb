from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.demo.generator import generate

MAX_CASES = 1_000_000


class Command(BaseCommand):
    help = "Fill the database with realistic synthetic agencies, users and cases."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--cases", type=int, default=200)

    def handle(self, *args: Any, seed: int, cases: int, **options: Any) -> None:
        if cases < 0 or cases > MAX_CASES:
            raise CommandError(f"--cases must be between 0 and {MAX_CASES}, not {cases}")
        created = generate(seed=seed, cases=cases)
        self.stdout.write(f"Generated {len(created)} cases (seed {seed}).")
