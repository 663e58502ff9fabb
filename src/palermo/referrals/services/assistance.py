"""Services delivered, the reintegration plan (goals) and follow-ups of a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.core.audit import record
from palermo.referrals.access import accepted_referrals, works_on_case
from palermo.referrals.catalogue import get_catalogue
from palermo.referrals.models import FollowUp, Referral, ReintegrationGoal, ServiceDelivery
from palermo.referrals.services._common import ErrorList, check_version, refuse
from palermo.referrals.vocab import GoalStatus, SupportType


def _require_work(actor: Actor, case: Case) -> None:
    if not works_on_case(actor, case):
        raise refuse(
            _(
                "Only the agency that owns the case, or one with an accepted referral for it, "
                "can record assistance."
            )
        )


@dataclass
class DeliveryInput:
    service_type: str = ""
    delivered_on: date | None = None
    notes: str = ""
    referral_id: int | None = None


@transaction.atomic
def do_record_service_delivery(*, actor: Actor, case: Case, data: DeliveryInput) -> ServiceDelivery:
    """Records a service delivered to the person. An agency working on the case through a
    referral records only the services that referral asked for, and the delivery is linked to it."""
    _require_work(actor, case)
    assert actor.agency is not None  # noqa: S101  (works_on_case needs an agency)
    errors = ErrorList()
    catalogue = get_catalogue()
    if catalogue.get(data.service_type) is None:
        errors.add("service_type", _("Choose a service from the list."))
    errors.past_date("delivered_on", data.delivered_on)
    notes = errors.text("notes", data.notes)
    referral: Referral | None = None
    if case.owning_agency_id == actor.agency.pk:
        if data.referral_id is not None:
            errors.add(
                "referral",
                _("Services the owning agency delivers itself are not linked to a referral."),
            )
    else:
        # Locked: a referral revoked or completed at this moment cannot take a new delivery.
        candidates = (
            accepted_referrals(case, actor.agency)
            .select_for_update(of=("self",))
            .prefetch_related("services")
        )
        if data.referral_id is not None:
            candidates = candidates.filter(pk=data.referral_id)
        matching = [r for r in candidates if data.service_type in r.service_codes]
        if not matching:
            errors.add(
                "service_type",
                _("Your agency's accepted referral for this case does not ask for this service."),
            )
        else:
            referral = matching[0]
            if data.delivered_on is not None and data.delivered_on < referral.sent_on:
                errors.add(
                    "delivered_on",
                    _("A service under a referral cannot be delivered before the referral."),
                )
    errors.raise_if_any()
    delivery = ServiceDelivery.objects.create(
        case=case,
        service_type=data.service_type,
        delivered_on=cast(date, data.delivered_on),  # validated above
        agency=actor.agency,
        referral=referral,
        notes=notes,
        recorded_by=actor.user,
    )
    record(
        "service.delivered",
        actor=actor,
        obj=delivery,
        purpose="assistance",
        data={
            "case": case.reference,
            "service_type": delivery.service_type,
            "delivered_on": delivery.delivered_on.isoformat(),
            "agency": actor.agency.pk,
            "referral": referral.reference if referral else None,
            "notes_given": bool(notes),
        },
    )
    return delivery


@dataclass
class GoalInput:
    support_type: str = ""
    description: str = ""
    target_on: date | None = None
    status: str = GoalStatus.OPEN


def _validate_goal(data: GoalInput, errors: ErrorList, *, new_target: bool = True) -> str:
    # A plan's target lies ahead; an existing goal keeps its (now past) date when edited.
    if new_target and data.target_on is not None and data.target_on < timezone.localdate():
        errors.add(
            "target_on",
            _("The target date %(date)s is in the past: choose today or a later date.")
            % {"date": date_format(data.target_on, "SHORT_DATE_FORMAT")},
        )
    if data.support_type not in SupportType.values:
        errors.add("support_type", _("Choose the type of support."))
    if data.status not in GoalStatus.values:
        errors.add("status", _("Choose the status of the goal."))
    return errors.text("description", data.description, required=True, limit=2000)


@transaction.atomic
def do_add_goal(*, actor: Actor, case: Case, data: GoalInput) -> ReintegrationGoal:
    """Adds a goal to the case's reintegration plan."""
    _require_work(actor, case)
    assert actor.agency is not None  # noqa: S101
    errors = ErrorList()
    description = _validate_goal(data, errors)
    errors.raise_if_any()
    goal = ReintegrationGoal.objects.create(
        case=case,
        support_type=data.support_type,
        description=description,
        target_on=data.target_on,
        status=data.status,
        status_changed_on=timezone.localdate() if data.status != GoalStatus.OPEN else None,
        agency=actor.agency,
        created_by=actor.user,
    )
    record(
        "reintegration_goal.added",
        actor=actor,
        obj=goal,
        purpose="reintegration plan",
        data={
            "case": case.reference,
            "support_type": goal.support_type,
            "status": goal.status,
            "target_on": goal.target_on.isoformat() if goal.target_on else None,
        },
    )
    return goal


@transaction.atomic
def do_update_goal(
    *,
    actor: Actor,
    goal: ReintegrationGoal,
    data: GoalInput,
    expected_version: int | None = None,
) -> ReintegrationGoal:
    """Edits a goal or changes its status (open, achieved, dropped)."""
    _require_work(actor, goal.case)
    errors = ErrorList()
    description = _validate_goal(data, errors, new_target=data.target_on != goal.target_on)
    errors.raise_if_any()
    locked = ReintegrationGoal.objects.select_for_update().select_related("case").get(pk=goal.pk)
    check_version(locked.version, expected_version)
    new = {
        "support_type": data.support_type,
        "description": description,
        "target_on": data.target_on,
        "status": data.status,
    }
    changed = [name for name, value in new.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, new[name])
    if "status" in changed:
        locked.status_changed_on = timezone.localdate()
    locked.version += 1
    locked.save()
    record(
        "reintegration_goal.updated",
        actor=actor,
        obj=locked,
        purpose="reintegration plan",
        data={"case": locked.case.reference, "fields": changed, "status": locked.status},
    )
    return locked


@dataclass
class FollowUpInput:
    followed_up_on: date | None = None
    note: str = ""
    next_follow_up_on: date | None = None


@transaction.atomic
def do_record_follow_up(*, actor: Actor, case: Case, data: FollowUpInput) -> FollowUp:
    """Records a follow-up contact and, optionally, when the next one is due."""
    _require_work(actor, case)
    assert actor.agency is not None  # noqa: S101
    errors = ErrorList()
    errors.past_date("followed_up_on", data.followed_up_on)
    note = errors.text("note", data.note)
    if (
        data.next_follow_up_on is not None
        and data.followed_up_on is not None
        and data.next_follow_up_on <= data.followed_up_on
    ):
        errors.add("next_follow_up_on", _("The next follow-up must come after this one."))
    errors.raise_if_any()
    follow_up = FollowUp.objects.create(
        case=case,
        agency=actor.agency,
        followed_up_on=cast(date, data.followed_up_on),  # validated above
        note=note,
        next_follow_up_on=data.next_follow_up_on,
        recorded_by=actor.user,
    )
    record(
        "follow_up.recorded",
        actor=actor,
        obj=follow_up,
        purpose="reintegration plan",
        data={
            "case": case.reference,
            "followed_up_on": follow_up.followed_up_on.isoformat(),
            "next_follow_up_on": (
                follow_up.next_follow_up_on.isoformat() if follow_up.next_follow_up_on else None
            ),
            "note_given": bool(note),
        },
    )
    return follow_up
