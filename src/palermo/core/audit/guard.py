"""The SQLite side of the database's refusal to change audit rows.

SQLite's triggers cannot ask who is connected, so the DELETE trigger asks the SQL function
``palermo_flush_in_progress()``, which only Palermo's own connections define: it is true only
while the ``flush`` command empties the whole database (as the test runner does between
transactional tests; PostgreSQL's TRUNCATE does not fire row triggers either). Any other
program, or any other code path, gets an error.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

_flushing = threading.local()


def flush_in_progress() -> bool:
    return bool(getattr(_flushing, "active", False))


@contextlib.contextmanager
def flushing() -> Iterator[None]:
    _flushing.active = True
    try:
        yield
    finally:
        _flushing.active = False


def register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "palermo_flush_in_progress", 0, flush_in_progress, deterministic=False
        )
