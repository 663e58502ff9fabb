from __future__ import annotations

import random
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from palermo.accounts.actor import Actor, actor_for_membership
from palermo.cases.models import Case
from palermo.demo.generator import generate
from palermo.demo.personas import DEMO_PASSWORD, PERSONAS, ensure_personas
from palermo.hotline.demo import seed_calls
from palermo.justice.compensation.demo import seed_compensation
from palermo.justice.demo import seed_liability, seed_proceedings
from palermo.lifecycle.tasks import ensure_scheduled as ensure_retention_job
from palermo.portal.demo import seed_portal_pages
from palermo.prevention.demo import seed_activities
from palermo.registries.demo import seed_registries
from palermo.shelters.demo import seed_shelters


def seed_prevention_side() -> None:
    """Portal pages, hotline calls, prevention activities and the registries for the demo."""
    memberships = ensure_personas()

    def actor(name: str) -> Actor:
        return actor_for_membership(memberships[name])

    rng = random.Random(2026)
    year = timezone.localdate().year
    seed_portal_pages(actor=actor("admin"))
    seed_calls(operator=actor("hotline_operator"), rng=rng, year=year)
    seed_registries(registrar=actor("registry_officer"), rng=rng)
    seed_activities(
        national=actor("admin"),
        regional=[actor("officer_minsk"), actor("caseworker_gomel")],
        rng=rng,
        year=year,
    )


def seed_protection_side() -> None:
    """Shelters with residents, criminal proceedings, compensation awards and the fund."""
    memberships = ensure_personas()

    def actor(name: str) -> Actor:
        return actor_for_membership(memberships[name])

    seed_shelters(rng=random.Random(2026))
    seed_proceedings(officer=actor("officer_minsk"), investigator=actor("investigator"))
    seed_liability(
        officer=actor("officer_minsk"),
        registrar=actor("registry_officer"),
        migration=actor("migration_officer"),
    )
    seed_compensation(
        registrar=actor("registry_officer"),
        fund=actor("fund_officer"),
        investigator=actor("investigator"),
    )


class Command(BaseCommand):
    help = "Migrate, load the demonstration data (once) and print the demo log-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=300)

    def handle(self, *args: Any, cases: int, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if Case.objects.exists():
            ensure_personas()
            self.stdout.write("Demo data already loaded.")
        else:
            self.stdout.write(f"Loading demonstration data ({cases} synthetic cases)…")
            generate(seed=2026, cases=cases)
            seed_prevention_side()
            seed_protection_side()
        # The shredder's daily job runs at once on the worker started beside the server.
        ensure_retention_job()
        self.stdout.write("")
        self.stdout.write("Palermo demo — open http://127.0.0.1:8000 and log in as:")
        width = max(len(p.username) for p in PERSONAS)
        for persona in PERSONAS:
            self.stdout.write(f"  {persona.username.ljust(width)}  {persona.description}")
        self.stdout.write(f"Password for every demo user: {DEMO_PASSWORD}")
        self.stdout.write("All data is synthetic. Never put real people's data in a demo database.")
