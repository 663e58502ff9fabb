"""Running steps at the same moment, each in a thread with its own database connection.

Only a database server (PostgreSQL) runs such transactions really concurrently; the tests that use
this take the ``server_db`` fixture of tests/conftest.py, which skips them on SQLite.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import connections

from palermo.core.errors import ConflictError

WAIT_SECONDS = 300


def race(*steps: Callable[[], object], detail: bool = False) -> list[str]:
    """Each step's outcome, in the order of the steps: "applied" or "refused" (with ``detail``:
    "conflict: <message>" or "refused: <message>", to check what the loser was told)."""
    # The timeouts only keep a deadlock from hanging the suite: generous, since on a busy machine a
    # thread may wait many seconds for a core or a connection before it reaches the barrier.
    barrier = threading.Barrier(len(steps))
    results = [""] * len(steps)

    def run(index: int, step: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=WAIT_SECONDS)
            step()
            results[index] = "applied"
        except ConflictError as exc:
            results[index] = f"conflict: {exc}" if detail else "refused"
        except ValidationError as exc:
            results[index] = f"refused: {exc}" if detail else "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT_SECONDS)
        assert not thread.is_alive(), f"a step still runs after {WAIT_SECONDS} s (deadlock?)"
    return results


def sorted_race(*steps: Callable[[], object]) -> list[str]:
    """The outcomes whatever their order, e.g. ["applied", "refused"]."""
    return sorted(race(*steps))
