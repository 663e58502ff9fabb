"""The shredder's scheduled job: once a day, propose what is due and destroy what was approved.

It runs on the task worker (``palermo manage db_worker``) and schedules its own next run, so
enqueuing it once (``ensure_scheduled``, called by the demo and at deployment) keeps it going.
The same work is ``palermo retention scan`` and ``palermo retention run`` for cron.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from palermo.lifecycle.services import do_carry_out_shredding, do_scan_retention

INTERVAL = timedelta(days=1)


def run_retention() -> dict[str, int]:
    """The job's work as a plain function: scan, then carry out approved lists."""
    batch = do_scan_retention()
    handled = do_carry_out_shredding()
    return {"proposed": batch.items.count() if batch else 0, "handled": handled}


@task()
def retention_job() -> dict[str, int]:
    try:
        return run_retention()
    finally:
        # Schedule the next run even if this one failed: the next day retries.
        retention_job.using(run_after=timezone.now() + INTERVAL).enqueue()


def ensure_scheduled() -> bool:
    """Enqueue the daily job unless a run is already waiting; True when it enqueued one."""
    waiting = DBTaskResult.objects.filter(
        task_path=retention_job.module_path, status="READY"
    ).exists()
    if waiting:
        return False
    retention_job.enqueue()
    return True
