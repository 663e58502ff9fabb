"""Audit of reads of identity data held in the registries (names, dates of birth)."""

from __future__ import annotations

from django.db import models, transaction

from palermo.accounts.actor import Actor
from palermo.core.audit import record


def record_identity_view(
    *, actor: Actor, objects: list[models.Model], purpose: str, object_type: str
) -> None:
    """One audit event for a read of the names in ``objects`` (a report, notices, an export)."""
    if not objects:
        return
    with transaction.atomic():
        if len(objects) == 1:
            record("registries.identity_viewed", actor=actor, obj=objects[0], purpose=purpose)
        else:
            record(
                "registries.identity_listed",
                actor=actor,
                object_type=object_type,
                purpose=purpose,
                data={"ids": [o.pk for o in objects]},
            )
