"""Periodic background jobs: django-tasks tasks that the worker enqueues on a schedule.

Adding one is a line above the task, in the app's ``tasks.py`` (the worker imports every
installed app's ``tasks`` module)::

    @periodic(every=timedelta(hours=1))
    @task()
    def shred_expired_identities() -> int: ...

django-tasks runs tasks but has no scheduler, and the worker process is the one place that runs
all the time, so the schedule lives there (see ``run_worker``). A job is not enqueued again
while an earlier run is still waiting or running, so a slow job never piles up; with several
workers a job may occasionally run twice in a row, so jobs must be idempotent.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from django.db import close_old_connections, connection
from django.utils.module_loading import autodiscover_modules

_T = TypeVar("_T")


@dataclass(frozen=True)
class PeriodicJob:
    task: Any  # a django_tasks Task
    every: float  # seconds

    @property
    def path(self) -> str:
        return str(self.task.module_path)


_JOBS: dict[str, PeriodicJob] = {}


def periodic(*, every: timedelta) -> Callable[[_T], _T]:
    """Register a django-tasks task to be enqueued by the worker every ``every``."""

    def register(task: _T) -> _T:
        job = PeriodicJob(task=task, every=every.total_seconds())
        _JOBS[job.path] = job
        return task

    return register


def periodic_jobs() -> list[PeriodicJob]:
    autodiscover_modules("tasks")
    return sorted(_JOBS.values(), key=lambda job: job.path)


def enqueue_if_idle(job: PeriodicJob) -> bool:
    """Enqueue the job unless a run of it is already waiting or running."""
    from django_tasks_db.models import DBTaskResult

    pending = DBTaskResult.objects.filter(task_path=job.path, status__in=["READY", "RUNNING"])
    if pending.exists():
        return False
    job.task.enqueue()
    return True


class Scheduler(threading.Thread):
    """Enqueues each periodic job when it is due, until stopped."""

    def __init__(self, jobs: list[PeriodicJob], tick: float = 1.0) -> None:
        super().__init__(name="palermo-scheduler", daemon=True)
        self.jobs = jobs
        self.tick = tick
        self.stopping = threading.Event()
        self.next_run = dict.fromkeys((job.path for job in jobs), 0.0)

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                close_old_connections()  # like a request: drop a broken or expired connection
                self.run_due(time.monotonic())
                self.stopping.wait(self.tick)
        finally:
            connection.close()

    def run_due(self, now: float) -> None:
        for job in self.jobs:
            if now >= self.next_run[job.path]:
                enqueue_if_idle(job)
                self.next_run[job.path] = now + job.every

    def stop(self) -> None:
        self.stopping.set()
