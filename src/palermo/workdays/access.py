"""Who may see and record transfers of working days.

The transfers are published law, so every member of an agency reads them (they explain due
dates); only national administrators (``calendar.manage``) record or withdraw them.
"""

from __future__ import annotations

from django.db.models import QuerySet

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.core.access import deny, get_or_404
from palermo.workdays.models import WorkingDayTransfer


def can_view_transfers(actor: Actor) -> bool:
    return actor.agency is not None and actor.role is not None


def can_manage_transfers(actor: Actor) -> bool:
    return actor.can(Cap.CALENDAR_MANAGE)


def transfers_for(actor: Actor) -> QuerySet[WorkingDayTransfer]:
    if not can_view_transfers(actor):
        return WorkingDayTransfer.objects.none()
    return WorkingDayTransfer.objects.select_related("recorded_by", "withdrawn_by")


def access_transfer(
    actor: Actor, transfer_id: object, *, write: bool = False
) -> WorkingDayTransfer:
    transfer = get_or_404(transfers_for(actor), pk=transfer_id)
    if write and not can_manage_transfers(actor):
        raise deny()
    return transfer
