"""Every change to prevention activities, and the yearly summary for the National Rapporteur."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency
from palermo.accounts.roles import Cap
from palermo.core.audit import record
from palermo.core.errors import ConflictError
from palermo.jurisdictions.pack import get_pack
from palermo.prevention.access import can_edit_activity, can_record
from palermo.prevention.models import Activity, ActivityAudience
from palermo.prevention.vocab import ActivityType, Audience

MAX_REACH = 20_000_000  # more than the population: a typing error
MAX_ITEMS = 100_000

ACTIVITY_FIELDS = (
    "activity_type", "title", "region", "starts_on", "ends_on", "items", "reach", "notes",
)  # fmt: skip


@dataclass
class ActivityInput:
    activity_type: str = ""
    title: str = ""
    organiser_id: int | None = None  # None: the actor's agency
    region: str = ""  # empty: national
    starts_on: date | None = None
    ends_on: date | None = None
    audiences: list[str] = field(default_factory=list)
    items: int = 1
    reach: int = 0
    notes: str = ""

    def cleaned(self) -> ActivityInput:
        self.title = " ".join((self.title or "").split())
        self.notes = (self.notes or "").strip()
        self.audiences = sorted(set(self.audiences))
        return self


def validate_activity(data: ActivityInput, *, today: date | None = None) -> dict[str, list[str]]:
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.activity_type not in ActivityType.values:
        add("activity_type", _("Choose the type of activity."))
    if not data.title:
        add("title", _("Give the activity a title."))
    elif len(data.title) > 300:
        add("title", _("At most %(n)d characters.") % {"n": 300})
    if data.region and get_pack().region(data.region) is None:
        add("region", _("Choose a region of this jurisdiction, or none for a national activity."))
    if data.starts_on is None:
        add("starts_on", _("Enter the date of the activity."))
    elif data.starts_on > today:
        add("starts_on", _("Record activities that have taken place; this date is in the future."))
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        add("ends_on", _("The activity cannot end before it began."))
    if not data.audiences:
        add("audiences", _("Choose at least one audience."))
    unknown = [a for a in data.audiences if a not in Audience.values]
    if unknown:
        add("audiences", _("Unknown audience: %(codes)s.") % {"codes": ", ".join(unknown)})
    if data.items is None or not 1 <= data.items <= MAX_ITEMS:
        add("items", _("Enter a number of items between 1 and %(n)d.") % {"n": MAX_ITEMS})
    if data.reach is None or not 0 <= data.reach <= MAX_REACH:
        add("reach", _("Enter the number of people reached (0 if not known)."))
    if len(data.notes) > 5000:
        add("notes", _("At most %(n)d characters.") % {"n": 5000})
    return errors


def _organiser(actor: Actor, organiser_id: int | None) -> Agency:
    if organiser_id is None or organiser_id == getattr(actor.agency, "pk", None):
        if actor.agency is None:
            raise ValidationError({"organiser": [_("You act for no agency.")]})
        return actor.agency
    # Only national administrators record activities of other agencies.
    if not actor.can(Cap.CASE_EDIT_NATIONAL):
        raise ValidationError(
            {"organiser": [_("You can record activities of your own agency only.")]}
        )
    organiser = Agency.objects.filter(pk=organiser_id, is_active=True).first()
    if organiser is None:
        raise ValidationError({"organiser": [_("Choose an agency from the list.")]})
    return organiser


def _set_audiences(activity: Activity, audiences: list[str]) -> bool:
    current = set(activity.audiences.values_list("audience", flat=True))
    wanted = set(audiences)
    if current == wanted:
        return False
    activity.audiences.filter(audience__in=current - wanted).delete()
    ActivityAudience.objects.bulk_create(
        [ActivityAudience(activity=activity, audience=a) for a in sorted(wanted - current)]
    )
    return True


def _audit_data(activity: Activity, changed: list[str] | None = None) -> dict[str, object]:
    data: dict[str, object] = {
        "type": activity.activity_type,
        "organiser": activity.organiser_id,
        "region": activity.region,
        "reach": activity.reach,
        "items": activity.items,
    }
    if changed is not None:
        data["fields"] = changed
    return data


@transaction.atomic
def do_record_activity(*, actor: Actor, data: ActivityInput) -> Activity:
    if not can_record(actor):
        raise ValidationError(_("Your role cannot record prevention activities."))
    data = data.cleaned()
    errors = validate_activity(data)
    if errors:
        raise ValidationError(errors)
    activity = Activity(organiser=_organiser(actor, data.organiser_id), recorded_by=actor.user)
    for name in ACTIVITY_FIELDS:
        setattr(activity, name, getattr(data, name))
    activity.save()
    _set_audiences(activity, data.audiences)
    record("prevention.activity_recorded", actor=actor, obj=activity, purpose="prevention",
           data=_audit_data(activity))  # fmt: skip
    return activity


@transaction.atomic
def do_update_activity(
    *, actor: Actor, activity: Activity, expected_version: int, data: ActivityInput
) -> Activity:
    if not can_edit_activity(actor, activity):
        raise ValidationError(_("You cannot edit this activity."))
    data = data.cleaned()
    errors = validate_activity(data)
    if errors:
        raise ValidationError(errors)
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    if locked.version != expected_version:
        raise ConflictError(
            _(
                "Someone else saved this activity while you were editing it. Reload it and try again."
            )
        )
    organiser = _organiser(actor, data.organiser_id or locked.organiser_id)
    changed = [n for n in ACTIVITY_FIELDS if getattr(locked, n) != getattr(data, n)]
    if organiser.pk != locked.organiser_id:
        changed.append("organiser")
    if _set_audiences(locked, data.audiences):
        changed.append("audiences")
    if not changed:
        return locked
    for name in ACTIVITY_FIELDS:
        setattr(locked, name, getattr(data, name))
    locked.organiser = organiser
    locked.version += 1
    locked.save()
    record("prevention.activity_updated", actor=actor, obj=locked, purpose="prevention",
           data=_audit_data(locked, changed))  # fmt: skip
    return locked
