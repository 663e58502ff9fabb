"""Lifecycle fixtures: closed cases whose retention clock runs, and the shredding steps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.cases.services import do_register_case
from palermo.cases.services.closure import CaseStatusInput, do_close_case
from palermo.lifecycle.models import ShredBatch
from palermo.lifecycle.services import (
    do_approve_shred_batch,
    do_carry_out_shredding,
    do_scan_retention,
)
from tests.conftest import case_input, person_input

CLOSED_ON = date(2026, 6, 1)
# closed_case_identity keeps an identity five years after the last case closed.
DUE_ON = date(2031, 6, 1)


def closed_case(
    actor: Actor, *, on: date = CLOSED_ON, case: dict[str, object] | None = None, **person: object
) -> Case:
    registered = do_register_case(
        actor=actor, person=person_input(**person), case=case_input(**(case or {}))
    )
    return do_close_case(
        actor=actor,
        case=registered,
        data=CaseStatusInput(status="closed", on=on, reason="assistance_completed"),
        expected_status=registered.status,
    )


def shred_all(actor: Callable[[str], Actor], today: date) -> ShredBatch | None:
    """Scan, approve as the national administrator and carry out: the whole procedure."""
    batch = do_scan_retention(today=today)
    if batch is None:
        return None
    admin = actor("admin")
    batch = do_approve_shred_batch(actor=admin, batch=batch, version=batch.version)
    do_carry_out_shredding(actor=admin, batch=batch, today=today)
    batch.refresh_from_db()
    return batch


# A case that closed long ago: due today under closed_case_identity.
LONG_AGO = {
    "identified_on": date(2019, 3, 1),
    "exploitation_started_on": date(2018, 6, 1),
    "exploitation_ended_on": date(2019, 2, 1),
}
