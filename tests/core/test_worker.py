"""The background worker's schedule: periodic django-tasks jobs, such as sealing the audit log."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult
from tests.core.audit_tools import make_events

from palermo.core.audit import AuditSeal, verify_chain
from palermo.core.periodic import Scheduler, periodic_jobs
from palermo.core.tasks import seal_audit_log

pytestmark = pytest.mark.django_db


def test_the_worker_schedules_audit_sealing_every_few_seconds() -> None:
    jobs = {job.path: job for job in periodic_jobs()}

    assert jobs["palermo.core.tasks.seal_audit_log"].every == 2


def test_a_due_job_is_enqueued_once_and_not_again_while_it_waits() -> None:
    sealing = [job for job in periodic_jobs() if job.task is seal_audit_log]
    scheduler = Scheduler(sealing)

    scheduler.run_due(now=1000.0)
    scheduler.run_due(now=2000.0)  # due again, but the first run has not been taken yet

    queued = DBTaskResult.objects.filter(task_path="palermo.core.tasks.seal_audit_log")
    assert [result.status for result in queued] == ["READY"]


def test_the_sealing_job_seals_every_committed_event() -> None:
    make_events(4)

    assert seal_audit_log.call() == 4

    assert AuditSeal.objects.get().size == 4
    assert verify_chain().ok
