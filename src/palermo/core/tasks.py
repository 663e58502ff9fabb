"""The core's background jobs (run by `palermo worker`, see docs/operations.md)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django_tasks import task

from palermo.core.audit import seal_pending
from palermo.core.periodic import periodic


@periodic(every=timedelta(seconds=settings.PALERMO_AUDIT_SEAL_EVERY))
@task()
def seal_audit_log() -> int:
    """Seal every committed audit event; returns how many were sealed."""
    return sum(seal.size for seal in seal_pending())


@periodic(every=timedelta(hours=6))
@task()
def prune_task_results() -> None:
    """Forget finished task results after a day (the sealer alone leaves one every few seconds)."""
    call_command("prune_db_task_results", "--min-age-days", "1", verbosity=0)
