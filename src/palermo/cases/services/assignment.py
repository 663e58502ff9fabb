"""The case worker assigned to a case, and the user's saved case-list searches."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.accounts.models import User
from palermo.accounts.roles import ROLES, Cap
from palermo.cases.access import can_edit_case
from palermo.cases.models import Case, SavedCaseSearch
from palermo.core.access import deny
from palermo.core.audit import record

MAX_SAVED_SEARCHES = 50


def _case_roles() -> list[str]:
    return [code for code, role in ROLES.items() if Cap.CASE_VIEW_AGENCY in role.capabilities]


def assignable_workers(case: Case) -> QuerySet[User]:
    """Who may be assigned: active users with an active casework role in the owning agency."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__agency_id=case.owning_agency_id,
            memberships__is_active=True,
            memberships__role__in=_case_roles(),
        )
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


def can_assign_worker(actor: Actor, case: Case) -> bool:
    """The owning agency's staff who may edit the case, or a national editor."""
    return can_edit_case(actor, case)


@transaction.atomic
def do_assign_case_worker(*, actor: Actor, case: Case, worker: User | None) -> Case:
    """Assigns ``worker`` to the case (None: nobody). Assigning the same worker again does
    nothing and records nothing, so a repeated request never acts twice."""
    if not can_assign_worker(actor, case):
        raise deny()
    if worker is not None and not assignable_workers(case).filter(pk=worker.pk).exists():
        raise ValidationError(
            {"worker": [_("Choose a case worker of the agency that owns the case.")]}
        )
    locked = Case.objects.select_for_update().get(pk=case.pk)
    before = locked.assigned_worker_id
    after = worker.pk if worker is not None else None
    if before == after:
        case.assigned_worker = worker
        return case
    locked.assigned_worker = worker
    locked.save(update_fields=["assigned_worker", "updated_at"])
    record(
        "case.worker_assigned",
        actor=actor,
        obj=locked,
        data={"case": locked.reference, "from_user": before, "to_user": after},
    )
    case.assigned_worker = worker
    case.updated_at = locked.updated_at
    return case


def saved_searches_for(actor: Actor) -> QuerySet[SavedCaseSearch]:
    return SavedCaseSearch.objects.filter(user=actor.user)


@transaction.atomic
def do_save_case_search(*, actor: Actor, name: str, params: dict[str, Any]) -> SavedCaseSearch:
    """Saves the filters under a name; saving under a name already used replaces its filters."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": [_("Give the search a name.")]})
    if len(name) > 100:
        raise ValidationError({"name": [_("A name of at most 100 characters.")]})
    mine = saved_searches_for(actor).select_for_update()
    existing = mine.filter(name=name).first()
    if existing is None and mine.count() >= MAX_SAVED_SEARCHES:
        raise ValidationError(
            {
                "name": [
                    _("At most %(n)d saved searches: delete one first.") % {"n": MAX_SAVED_SEARCHES}
                ]
            }
        )
    if existing is not None:
        existing.params = params
        existing.save(update_fields=["params"])
        search = existing
    else:
        search = SavedCaseSearch.objects.create(user=actor.user, name=name, params=params)
    record(
        "case_search.saved",
        actor=actor,
        obj=search,
        data={"name": name, "filters": params, "replaced": existing is not None},
    )
    return search


@transaction.atomic
def do_delete_case_search(*, actor: Actor, search: SavedCaseSearch) -> None:
    if search.user_id != actor.user.pk:
        raise deny()
    record("case_search.deleted", actor=actor, obj=search, data={"name": search.name})
    search.delete()
