"""Crypto-shredding of the records other than persons that the retention rules cover.

A hotline caller's contact, an anonymous tip, a tourist reported as not returned and a suspect's
identity are each sealed with a data key of their own (``palermo.core.datakeys.SealedRecord``).
Shredding one destroys its key — every copy of the sealed columns, in a replica or a backup, is
then unreadable — and blanks the columns in the same transaction. The record itself stays, with
its statistical columns (dates, region, sex, citizenship, outcome).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

from palermo.core.datakeys import SealedRecord, destroy_data_keys
from palermo.hotline.models import Call, Tip
from palermo.justice.models import Suspect
from palermo.lifecycle.models import DataKind
from palermo.registries.models import ReportedTourist


@dataclass(frozen=True)
class SealedKind:
    model: type[SealedRecord]
    # The sealed columns, and the value each is left with once shredded.
    blanked: dict[str, Any]


SEALED_KINDS: dict[str, SealedKind] = {
    DataKind.HOTLINE_CALLER_CONTACT: SealedKind(Call, {"caller_name": "", "caller_contact": ""}),
    DataKind.ANONYMOUS_TIP: SealedKind(Tip, {"what_happened": "", "contact": ""}),
    DataKind.TOURIST_NON_RETURN: SealedKind(
        ReportedTourist,
        {"family_name": "", "given_name": "", "patronymic": "", "date_of_birth": None},
    ),
    DataKind.SUSPECT_IDENTITY: SealedKind(
        Suspect,
        {
            "family_name": "",
            "given_name": "",
            "patronymic": "",
            "date_of_birth": None,
            "notes": "",
        },
    ),
}


def shred_record(kind: str, pk: int, *, using: str = "default") -> bool:
    """Destroy the record's data key and blank its sealed columns (inside the caller's
    transaction; the caller audits). False when there was nothing left to destroy."""
    sealed = SEALED_KINDS[kind]
    manager: models.Manager[Any] = sealed.model._base_manager.db_manager(using)
    # Only the key column: the sealed values may already be unreadable (a restored backup).
    row = manager.select_for_update().filter(pk=pk).values("data_key_id").first()
    if row is None:
        return False
    if row["data_key_id"] is not None:
        destroy_data_keys([row["data_key_id"]], using=using)
    # The record keeps no key: new data written to it later is sealed with a new one.
    return manager.filter(pk=pk).update(data_key=None, **sealed.blanked) > 0


def shred_records_without_keys(*, using: str = "default") -> int:
    """After a restore: the records whose data key was destroyed since the dump was made are
    shredded again (their columns blanked), so nothing refers to a key that is gone."""
    shredded = 0
    for kind, sealed in SEALED_KINDS.items():
        orphaned = sealed.model._base_manager.db_manager(using).filter(
            data_key__destroyed_at__isnull=False
        )
        for pk in list(orphaned.values_list("pk", flat=True)):
            shredded += shred_record(kind, pk, using=using)
    return shredded
