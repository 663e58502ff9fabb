"""The shredder's scheduled job: once a day, propose what is due and destroy what was approved.

It is a periodic job (``palermo.core.periodic``): the background worker (``palermo worker``)
enqueues it when the worker starts and then every day, and runs it. Nothing else has to be
scheduled at deployment. The same work is ``palermo retention scan`` and ``palermo retention run``
for cron, where no worker runs. A run is safe to repeat and safe to kill (each record is destroyed
in its own transaction).
"""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from palermo.core.periodic import PeriodicJob, enqueue_if_idle, periodic
from palermo.lifecycle.services import do_carry_out_shredding, do_scan_retention

INTERVAL = timedelta(days=1)


def run_retention() -> dict[str, int]:
    """The job's work as a plain function: scan, then carry out approved lists."""
    batch = do_scan_retention()
    handled = do_carry_out_shredding()
    return {"proposed": batch.items.count() if batch else 0, "handled": handled}


@periodic(every=INTERVAL)
@task()
def retention_job() -> dict[str, int]:
    return run_retention()


def ensure_scheduled() -> bool:
    """Enqueue a run now unless one is already waiting or running (the demo calls this so that
    its first scan does not wait for the worker's schedule); True when it enqueued one."""
    return enqueue_if_idle(PeriodicJob(task=retention_job, every=INTERVAL.total_seconds()))
