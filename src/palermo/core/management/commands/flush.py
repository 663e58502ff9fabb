"""Django's ``flush``, allowed to empty the audit tables too (see palermo/core/audit/guard.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush

from palermo.core.audit.guard import flushing


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with flushing():
            super().handle(**options)
