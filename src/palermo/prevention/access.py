"""Who may see and record which prevention activity (DESIGN.md rule 2).

Recorders (``prevention.record``) see and edit their own agency's activities; national roles
(statistics or national case view) read them all; national administrators edit them all.
The summary for the National Rapporteur needs ``stats.view``.
"""

from __future__ import annotations

from django.db.models import QuerySet

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.core.access import deny, get_or_404
from palermo.hotline.caps import PREVENTION_RECORD, STATS_VIEW, has_cap
from palermo.prevention.models import Activity


def activities_for(actor: Actor) -> QuerySet[Activity]:
    base = Activity.objects.select_related("organiser").prefetch_related("audiences")
    if has_cap(actor, STATS_VIEW) or actor.can(Cap.CASE_VIEW_NATIONAL):
        return base.all()
    if has_cap(actor, PREVENTION_RECORD) and actor.agency is not None:
        return base.filter(organiser=actor.agency)
    return base.none()


def can_record(actor: Actor) -> bool:
    return has_cap(actor, PREVENTION_RECORD) and actor.agency is not None


def can_edit_activity(actor: Actor, activity: Activity) -> bool:
    if not has_cap(actor, PREVENTION_RECORD):
        return False
    if actor.can(Cap.CASE_EDIT_NATIONAL):
        return True
    return activity.organiser_id == getattr(actor.agency, "pk", None)


def access_activity(actor: Actor, activity_id: object, *, write: bool = False) -> Activity:
    activity = get_or_404(activities_for(actor), pk=activity_id)
    if write and not can_edit_activity(actor, activity):
        raise deny()
    return activity


def can_view_summary(actor: Actor) -> bool:
    return has_cap(actor, STATS_VIEW)
