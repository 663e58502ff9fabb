"""Audit events for reads of identity data shown through the referral mechanism (DESIGN.md rule 5)."""

from __future__ import annotations

from collections.abc import Iterable

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.core.audit import record
from palermo.referrals.vocab import CONSENT_PARTS


def record_shared_view(*, actor: Actor, case: Case, parts: Iterable[str], purpose: str) -> None:
    """Records that the actor saw the identity parts ``parts`` of the case's person."""
    shown = sorted(set(parts) & CONSENT_PARTS)
    if not shown:
        return
    # One event, and ``record`` is one INSERT: no savepoint of our own around it.
    record(
        "person.identity_viewed",
        actor=actor,
        obj=case.person,
        purpose=purpose,
        data={"case": case.reference, "parts": shown},
    )


def record_shared_list(
    *, actor: Actor, shown: list[tuple[Case, Iterable[str]]], purpose: str
) -> None:
    """Records, in one event, that a list showed identity parts of several persons."""
    rows = [(case, sorted(set(parts) & CONSENT_PARTS)) for case, parts in shown]
    rows = [(case, parts) for case, parts in rows if parts]
    if len(rows) == 1:
        record_shared_view(actor=actor, case=rows[0][0], parts=rows[0][1], purpose=purpose)
        return
    if not rows:
        return
    record(
        "person.identity_listed",
        actor=actor,
        object_type="people.person",
        purpose=purpose,
        data={"persons": sorted({case.person.reference for case, _ in rows})},
    )
