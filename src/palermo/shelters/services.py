"""Every change to shelters: facilities, admissions (decided against the pack's rules), the
waiting list, discharges and transfers. Views, the API and the demo call these.

Places are allocated under a row lock on the facility's ``FacilityPlaces`` row of that kind,
with the count of its residents taken inside the same transaction: two staff admitting to the
last free place at the same moment cannot both succeed (the second gets a ConflictError).
Lock order, everywhere: admission row, then places row, then the audit chain's head (``record``
is always the last step).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency
from palermo.cases.access import cases_for
from palermo.cases.models import Case
from palermo.cases.services import record_identity_view
from palermo.core.actions.declare import param
from palermo.core.audit import record
from palermo.core.errors import ConflictError, Errors
from palermo.core.errors import add_error as _add
from palermo.core.errors import raise_if as _raise_if
from palermo.jurisdictions.pack import get_pack
from palermo.jurisdictions.sections_shelters import ShelterRules
from palermo.shelters.access import (
    can_create_facility,
    can_manage_admission,
    can_manage_facility,
    shows_identity,
)
from palermo.shelters.file_facts import difference_message, differences, file_facts
from palermo.shelters.models import Admission, Facility, FacilityPlaces
from palermo.shelters.rules import Decision, Facts, decide, place_fits, require_rules
from palermo.shelters.vocab import (
    ABROAD,
    AdmissionStatus,
    Citizenship,
    Destination,
    DischargeReason,
    Disease,
    Guard,
    GuardianRelation,
    Outcome,
    Priority,
    Sex,
)

MAX_NAME = 200
MAX_TEXT = 2000
MAX_NOTE = 5000
MAX_CAPACITY = 500
MAX_AGE = 120
MAX_REASON = 2000


def place_kind_name(kind: str) -> str:
    rules = get_pack().shelters
    place = rules.place_kind(kind) if rules else None
    return place.name() if place else kind


# --- facilities --------------------------------------------------------------------------------


@dataclass
class FacilityInput:
    name: str = ""
    region: str = ""
    address: str = ""
    guard: str = ""
    guard_details: str = ""
    admitted_groups: list[str] = field(default_factory=list)
    # kind of place → number of places
    places: dict[str, int] = field(default_factory=dict)
    is_active: bool = True

    def cleaned(self) -> FacilityInput:
        self.name = " ".join((self.name or "").split())
        self.address = (self.address or "").strip()
        self.guard_details = (self.guard_details or "").strip()
        self.admitted_groups = sorted(set(self.admitted_groups))
        self.places = {k: v for k, v in self.places.items() if v}
        return self


def occupied_places(facility: Facility) -> dict[str, int]:
    """Residents per kind of place, now."""
    counts: dict[str, int] = {}
    for kind in facility.admissions.filter(status=AdmissionStatus.RESIDENT).values_list(
        "place_kind", flat=True
    ):
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def validate_facility(
    data: FacilityInput, rules: ShelterRules, *, occupied: dict[str, int] | None = None
) -> Errors:
    errors: Errors = {}
    if not data.name:
        _add(errors, "name", _("Enter the facility's name."))
    elif len(data.name) > MAX_NAME:
        _add(errors, "name", _("At most %(n)d characters.") % {"n": MAX_NAME})
    if get_pack().region(data.region) is None:
        _add(errors, "region", _("Choose the region the facility is in."))
    if not data.address:
        _add(
            errors,
            "address",
            _("Enter the address. Only your staff and national coordinators will see it."),
        )
    elif len(data.address) > MAX_TEXT:
        _add(errors, "address", _("At most %(n)d characters.") % {"n": MAX_TEXT})
    if data.guard not in Guard.values:
        _add(errors, "guard", _("Choose how the facility is guarded."))
    if len(data.guard_details) > MAX_TEXT:
        _add(errors, "guard_details", _("At most %(n)d characters.") % {"n": MAX_TEXT})
    unknown = [g for g in data.admitted_groups if rules.group(g) is None]
    if unknown:
        _add(errors, "admitted_groups", _("Choose the groups from the list."))
    for kind, capacity in data.places.items():
        if rules.place_kind(kind) is None:
            _add(errors, "places", _("Unknown kind of place: %(kind)s.") % {"kind": kind})
        elif (
            isinstance(capacity, bool)
            or not isinstance(capacity, int)
            or not 0 <= capacity <= MAX_CAPACITY
        ):
            _add(
                errors,
                f"places_{kind}",
                _("Enter a number of places from 0 to %(n)d.") % {"n": MAX_CAPACITY},
            )
    if not any(data.places.values()):
        _add(errors, "places", _("Enter the number of places of at least one kind."))
    for kind, count in (occupied or {}).items():
        if data.places.get(kind, 0) < count:
            _add(
                errors,
                f"places_{kind}",
                _(
                    "%(count)d residents occupy places of this kind (%(kind)s): keep at least "
                    "%(count)d places, or discharge or transfer residents first."
                )
                % {"count": count, "kind": place_kind_name(kind)},
            )
    return errors


def _set_places(facility: Facility, places: dict[str, int]) -> None:
    existing = {row.kind: row for row in facility.places.all()}
    for kind, capacity in places.items():
        row = existing.pop(kind, None)
        if row is None:
            FacilityPlaces.objects.create(facility=facility, kind=kind, capacity=capacity)
        elif row.capacity != capacity:
            row.capacity = capacity
            row.save(update_fields=["capacity"])
    for row in existing.values():
        # Kept with capacity 0 rather than deleted: its row is what admissions lock.
        if row.capacity:
            row.capacity = 0
            row.save(update_fields=["capacity"])


@transaction.atomic
def do_create_facility(
    *, actor: Actor | None, data: FacilityInput, operator: Agency | None = None
) -> Facility:
    """Registers a facility operated by the actor's agency (or, for the demo and the command
    line with ``actor=None``, by ``operator``)."""
    rules = require_rules()
    if actor is not None:
        if not can_create_facility(actor):
            raise ValidationError(_("Only shelter managers of an operator agency can do this."))
        operator = actor.agency
    if operator is None or not rules.may_operate(operator.kind):
        raise ValidationError(_("This agency cannot operate a shelter under the pack's rules."))
    data = data.cleaned()
    _raise_if(validate_facility(data, rules))
    facility = Facility.objects.create(
        operator=operator,
        name=data.name,
        region=data.region,
        address=data.address,
        guard=data.guard,
        guard_details=data.guard_details,
        admitted_groups=data.admitted_groups,
        is_active=data.is_active,
    )
    _set_places(facility, data.places)
    # The address and guard details never enter the audit log.
    record(
        "shelters.facility_created",
        actor=actor,
        obj=facility,
        purpose="shelters",
        data={
            "operator": operator.pk,
            "region": facility.region,
            "places": data.places,
            "groups": data.admitted_groups,
        },
    )
    return facility


@transaction.atomic
def do_update_facility(
    *, actor: Actor, facility: Facility, expected_version: int, data: FacilityInput
) -> Facility:
    rules = require_rules()
    if not can_manage_facility(actor, facility):
        raise ValidationError(_("You cannot manage this facility."))
    data = data.cleaned()
    locked = Facility.objects.select_for_update().get(pk=facility.pk)
    if locked.version != expected_version:
        raise ConflictError(
            _(
                "Someone else saved this facility while you were editing it. Reload it and try again."
            )
        )
    # Lock the places too: no admission may take a place while the capacity is being cut.
    list(FacilityPlaces.objects.select_for_update().filter(facility=locked))
    _raise_if(validate_facility(data, rules, occupied=occupied_places(locked)))
    changed = [
        name
        for name in (
            "name",
            "region",
            "address",
            "guard",
            "guard_details",
            "admitted_groups",
            "is_active",
        )
        if getattr(locked, name) != getattr(data, name)
    ]
    old_places = {row.kind: row.capacity for row in locked.places.all() if row.capacity}
    if old_places != data.places:
        changed.append("places")
    if not changed:
        return locked
    for name in (
        "name",
        "region",
        "address",
        "guard",
        "guard_details",
        "admitted_groups",
        "is_active",
    ):
        setattr(locked, name, getattr(data, name))
    locked.version += 1
    locked.save()
    _set_places(locked, data.places)
    record(
        "shelters.facility_updated",
        actor=actor,
        obj=locked,
        purpose="shelters",
        data={"fields": changed, "places": data.places},
    )
    return locked


# --- admissions --------------------------------------------------------------------------------


@dataclass
class AdmissionInput:
    place_kind: str = ""
    sex: str = ""
    age: int | None = None
    with_children: bool = False
    pregnant: bool = False
    residence_region: str = ""
    citizenship: str = ""
    disease: str = Disease.NONE
    guardian_relation: str = ""
    guardian_name: str = ""
    guardian_permission_on: date | None = None
    admitted_on: date | None = None
    priority: str = Priority.NORMAL
    # Why a fact differs from the case file (sex, age, citizenship); see file_facts.py.
    override_reason: str = ""
    file_values: dict[str, Any] = field(default_factory=dict)  # set by the service

    def cleaned(self) -> AdmissionInput:
        self.guardian_name = " ".join((self.guardian_name or "").split())
        self.override_reason = (self.override_reason or "").strip()
        if self.age is not None and self.age >= 18:
            # Only a minor's admission needs (and keeps) a parent's or guardian's permission.
            self.guardian_relation, self.guardian_name, self.guardian_permission_on = "", "", None
        return self

    def facts(self) -> Facts:
        return Facts(
            sex=self.sex,
            age=self.age,
            with_children=self.with_children,
            pregnant=self.pregnant,
            residence_region=self.residence_region,
            citizenship=self.citizenship,
            disease=self.disease,
            guardian_relation=self.guardian_relation,
            guardian_permission_on=self.guardian_permission_on,
            file_values=dict(self.file_values),
            override_reason=self.override_reason if self.file_values else "",
        )


def _check_file_facts(data: AdmissionInput, case: Case) -> None:
    """Sex, age and citizenship come from the case file; a different value needs a reason."""
    known = file_facts(case, data.admitted_on or timezone.localdate())
    given = {"sex": data.sex, "age": data.age, "citizenship": data.citizenship}
    found = differences(known, given)
    if found and not data.override_reason:
        _raise_if({name: [difference_message(name, value)] for name, value in found.items()})
    if len(data.override_reason) > MAX_REASON:
        _raise_if({"override_reason": [_("At most %(n)d characters.") % {"n": MAX_REASON}]})
    data.file_values = found


def validate_admission(
    data: AdmissionInput, facility: Facility, *, today: date | None = None
) -> Errors:
    today = today or timezone.localdate()
    errors: Errors = {}
    offered = set(
        FacilityPlaces.objects.filter(facility=facility, capacity__gt=0).values_list(
            "kind", flat=True
        )
    )
    if data.place_kind not in offered:
        _add(errors, "place_kind", _("Choose a kind of place this facility has."))
    if data.sex not in Sex.values:
        _add(errors, "sex", _("Choose the person's sex."))
    if data.age is None:
        _add(errors, "age", _("Enter the person's age (the rules differ for minors)."))
    elif isinstance(data.age, bool) or not 0 <= data.age <= MAX_AGE:
        _add(errors, "age", _("Enter an age from 0 to %(n)d.") % {"n": MAX_AGE})
    if data.pregnant and data.sex != Sex.FEMALE:
        _add(errors, "pregnant", _("Only a woman can be recorded as pregnant."))
    if data.residence_region != ABROAD and get_pack().region(data.residence_region) is None:
        _add(errors, "residence_region", _("Choose where the person lives."))
    if data.citizenship not in Citizenship.values:
        _add(errors, "citizenship", _("Choose the person's citizenship."))
    if data.disease not in Disease.values:
        _add(errors, "disease", _("Choose what is known about diseases and infections."))
    if data.guardian_relation and data.guardian_relation not in GuardianRelation.values:
        _add(errors, "guardian_relation", _("Choose who gave the permission."))
    if data.guardian_relation:
        if not data.guardian_name:
            _add(
                errors, "guardian_name", _("Enter the name of the person who gave the permission.")
            )
        if data.guardian_permission_on is None:
            _add(errors, "guardian_permission_on", _("Enter the date of the permission."))
    elif data.guardian_name or data.guardian_permission_on:
        _add(errors, "guardian_relation", _("Choose who gave the permission."))
    if len(data.guardian_name) > MAX_NAME:
        _add(errors, "guardian_name", _("At most %(n)d characters.") % {"n": MAX_NAME})
    if data.guardian_permission_on and data.guardian_permission_on > today:
        _add(errors, "guardian_permission_on", _("The date cannot be in the future."))
    if data.admitted_on and data.admitted_on > today:
        _add(errors, "admitted_on", _("The date of admission cannot be in the future."))
    if data.priority not in Priority.values:
        _add(errors, "priority", _("Choose the priority."))
    return errors


def _json(facts: Facts) -> Any:
    """The facts as stored (an encrypted JSON document)."""
    return facts.to_json()


def _new_alias() -> str:
    """A random alias ("R-48213"): nothing in it comes from the person."""
    for digits in (5, 5, 5, 7, 9):
        alias = f"R-{secrets.randbelow(10**digits):0{digits}d}"
        if not Admission.objects.filter(alias=alias).exists():
            return alias
    raise ConflictError(_("Could not generate an alias; try again."))


def _check_admitter(actor: Actor, facility: Facility, case: Case) -> None:
    if not can_manage_facility(actor, facility):
        raise ValidationError(_("Only the facility's shelter managers can admit to it."))
    if not cases_for(actor).filter(pk=case.pk).exists():
        raise ValidationError(
            {"case": [_("Choose a case of your agency or one referred to it and accepted.")]}
        )
    if not facility.is_active:
        raise ValidationError(_("This facility is closed: it admits no one."))


def _decision_fields(decision: Decision) -> dict[str, object]:
    bases = decision.legal_bases
    return {
        "outcome": Outcome.ADMIT if decision.admitted else Outcome.REFUSE,
        "rules": [r.code for r in decision.matched],
        "refused_by": [r.code for r in decision.refusing],
        "excluded_groups": [g.code for g in decision.excluded_groups],
        "legal_bases": [b.key for b in bases],
        "citations": [b.citation for b in bases],
    }


def _audit_decision(admission: Admission) -> dict[str, object]:
    return {
        "alias": admission.alias,
        "facility": admission.facility_id,
        "case": admission.case.reference,
        "place_kind": admission.place_kind,
        "outcome": admission.outcome,
        "rules": admission.rules,
        "refused_by": admission.refused_by,
        "excluded_groups": admission.excluded_groups,
        "legal_bases": admission.legal_bases,
        # Which facts differ from the case file (names only; the values stay encrypted).
        "differs_from_file": sorted(Facts.from_json(admission.facts).file_values),
    }


def _decide(
    actor: Actor, facility: Facility, case: Case, data: AdmissionInput
) -> tuple[AdmissionInput, Decision, ShelterRules]:
    rules = require_rules()
    _check_admitter(actor, facility, case)
    data = data.cleaned()
    _raise_if(validate_admission(data, facility))
    _check_file_facts(data, case)
    decision = decide(
        rules,
        data.facts(),
        facility_region=facility.region,
        admitted_groups=list(facility.admitted_groups),
        guardian_named=bool(data.guardian_name),
    )
    return data, decision, rules


def _refusal(
    actor: Actor, facility: Facility, case: Case, data: AdmissionInput, decision: Decision
) -> Admission:
    admission = Admission.objects.create(
        facility=facility,
        case=case,
        alias=_new_alias(),
        status=AdmissionStatus.REFUSED,
        place_kind=data.place_kind,
        facts=_json(data.facts()),
        guardian_name=data.guardian_name,
        decided_by=actor.user,
        **_decision_fields(decision),
    )
    record(
        "shelters.admission_refused",
        actor=actor,
        obj=admission,
        purpose="shelter admission",
        data=_audit_decision(admission),
    )
    return admission


def _check_fits(rules: ShelterRules, data: AdmissionInput, facility: Facility) -> None:
    if not place_fits(rules, data.place_kind, data.facts(), facility.region):
        raise ValidationError(
            {
                "place_kind": [
                    _("A place for %(kind)s does not fit this person: choose another kind.")
                    % {"kind": place_kind_name(data.place_kind)}
                ]
            }
        )


def _already_resident(case: Case, *, exclude: int | None = None) -> Admission | None:
    qs = Admission.objects.filter(case=case, status=AdmissionStatus.RESIDENT).select_related(
        "facility"
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.first()


def _take_place(facility: Facility, kind: str) -> None:
    """Locks the facility's places of ``kind`` and checks that one is free (inside the caller's
    transaction, so the place is taken when the caller's admission row is written)."""
    row = FacilityPlaces.objects.select_for_update().filter(facility=facility, kind=kind).first()
    taken = Admission.objects.filter(
        facility=facility, place_kind=kind, status=AdmissionStatus.RESIDENT
    ).count()
    if row is None or taken >= row.capacity:
        raise ConflictError(
            _(
                "No free place of kind “%(kind)s” left in %(facility)s: add the person to the waiting list."
            )
            % {"kind": place_kind_name(kind), "facility": facility.name}
        )


@transaction.atomic
def do_admit(*, actor: Actor, facility: Facility, case: Case, data: AdmissionInput) -> Admission:
    """Decides the admission of the case's person against the pack's rules and, when admitted,
    allocates a place of the chosen kind. A refusal is stored (and returned) with the rules that
    refused; a full facility raises ConflictError (nothing is stored: offer the waiting list)."""
    data, decision, rules = _decide(actor, facility, case, data)
    if not decision.admitted:
        return _refusal(actor, facility, case, data, decision)
    _check_fits(rules, data, facility)
    current = _already_resident(case)
    if current is not None:
        raise ValidationError(
            _("The person already has a place in %(facility)s: discharge or transfer them first.")
            % {"facility": current.facility.name}
        )
    if Admission.objects.filter(
        case=case, facility=facility, status=AdmissionStatus.WAITING
    ).exists():
        raise ValidationError(
            _("The person is on this facility's waiting list: give them a place from the list.")
        )
    _take_place(facility, data.place_kind)
    admission = Admission.objects.create(
        facility=facility,
        case=case,
        alias=_new_alias(),
        status=AdmissionStatus.RESIDENT,
        place_kind=data.place_kind,
        facts=_json(data.facts()),
        guardian_name=data.guardian_name,
        decided_by=actor.user,
        admitted_on=data.admitted_on or timezone.localdate(),
        **_decision_fields(decision),
    )
    record(
        "shelters.admitted",
        actor=actor,
        obj=admission,
        purpose="shelter admission",
        data={**_audit_decision(admission), "admitted_on": admission.admitted_on.isoformat()},  # type: ignore[union-attr]
    )
    return admission


@transaction.atomic
def do_add_to_waiting_list(
    *, actor: Actor, facility: Facility, case: Case, data: AdmissionInput
) -> Admission:
    """Decides the admission like ``do_admit``; when admitted, puts the person on the facility's
    waiting list (by priority, then date) instead of taking a place."""
    data, decision, rules = _decide(actor, facility, case, data)
    if not decision.admitted:
        return _refusal(actor, facility, case, data, decision)
    _check_fits(rules, data, facility)
    waiting = Admission.objects.filter(case=case, facility=facility).filter(
        status__in=(AdmissionStatus.WAITING, AdmissionStatus.RESIDENT)
    )
    if waiting.exists():
        raise ValidationError(
            _("The person is already on this facility's waiting list or has a place in it.")
        )
    admission = Admission.objects.create(
        facility=facility,
        case=case,
        alias=_new_alias(),
        status=AdmissionStatus.WAITING,
        place_kind=data.place_kind,
        facts=_json(data.facts()),
        guardian_name=data.guardian_name,
        decided_by=actor.user,
        priority=data.priority,
        waiting_since=timezone.now(),
        **_decision_fields(decision),
    )
    record(
        "shelters.waiting_listed",
        actor=actor,
        obj=admission,
        purpose="shelter admission",
        data={**_audit_decision(admission), "priority": admission.priority},
    )
    return admission


def _lock(admission: Admission, expected_version: int, status: str) -> Admission:
    locked = (
        Admission.objects.select_for_update()
        .select_related("facility", "case")
        .get(pk=admission.pk)
    )
    if locked.version != expected_version:
        raise ConflictError(
            _(
                "Someone else changed this admission in the meantime. Reload it to see what they did."
            )
        )
    if locked.status != status:
        raise ValidationError(
            _("This cannot be done: the admission is now “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    return locked


def _require_manager(actor: Actor, admission: Admission) -> None:
    if not can_manage_admission(actor, admission):
        raise ValidationError(_("Only the facility's shelter managers can do this."))


@transaction.atomic
def do_place_from_waiting_list(
    *, actor: Actor, admission: Admission, expected_version: int, admitted_on: date | None = None
) -> Admission:
    """Gives a person on the waiting list a place of the kind they wait for, if one is free."""
    _require_manager(actor, admission)
    admitted_on = admitted_on or timezone.localdate()
    if admitted_on > timezone.localdate():
        raise ValidationError(
            {"admitted_on": [_("The date of admission cannot be in the future.")]}
        )
    locked = _lock(admission, expected_version, AdmissionStatus.WAITING)
    if not locked.facility.is_active:
        raise ValidationError(_("This facility is closed: it admits no one."))
    current = _already_resident(locked.case)
    if current is not None:
        raise ValidationError(
            _("The person already has a place in %(facility)s: discharge or transfer them first.")
            % {"facility": current.facility.name}
        )
    _take_place(locked.facility, locked.place_kind)
    locked.status = AdmissionStatus.RESIDENT
    locked.admitted_on = admitted_on
    locked.version += 1
    locked.save()
    record(
        "shelters.placed_from_waiting_list",
        actor=actor,
        obj=locked,
        purpose="shelter admission",
        data={
            "alias": locked.alias,
            "place_kind": locked.place_kind,
            "admitted_on": admitted_on.isoformat(),
        },
    )
    return locked


@transaction.atomic
def do_remove_from_waiting_list(
    *, actor: Actor, admission: Admission, expected_version: int, reason: str = ""
) -> Admission:
    _require_manager(actor, admission)
    reason = (reason or "").strip()
    if len(reason) > MAX_NOTE:
        raise ValidationError({"reason": [_("At most %(n)d characters.") % {"n": MAX_NOTE}]})
    locked = _lock(admission, expected_version, AdmissionStatus.WAITING)
    locked.status = AdmissionStatus.WITHDRAWN
    locked.discharge_note = reason
    locked.version += 1
    locked.save()
    record(
        "shelters.waiting_list_removed",
        actor=actor,
        obj=locked,
        purpose="shelter admission",
        data={"alias": locked.alias, "reason_given": bool(reason)},
    )
    return locked


def do_set_waiting_priority(
    *, actor: Actor, admission: Admission, expected_version: int, priority: str
) -> Admission:
    """Changes how urgently a person on the waiting list is to be given a place."""
    _require_manager(actor, admission)
    if priority not in Priority.values:
        raise ValidationError({"priority": [_("Choose urgent or normal.")]})
    locked = _lock(admission, expected_version, AdmissionStatus.WAITING)
    previous = locked.priority
    locked.priority = priority
    locked.version += 1
    locked.save()
    record(
        "shelters.waiting_priority_changed",
        actor=actor,
        obj=locked,
        purpose="shelter admission",
        data={"alias": locked.alias, "from": previous, "to": priority},
    )
    return locked


@dataclass
class DischargeInput:
    discharged_on: date | None = param(
        default=None, required=True, label=gettext_lazy("Discharged on")
    )
    reason: str = param(
        default="",
        required=True,
        label=gettext_lazy("Reason"),
        choices=DischargeReason.choices,
        # A transfer is its own action (do_transfer); the API refuses it with the service's words.
        form_choices=[c for c in DischargeReason.choices if c[0] != DischargeReason.TRANSFERRED],
    )
    destination: str = param(
        default="",
        required=True,
        label=gettext_lazy("Where the person goes"),
        choices=Destination.choices,
    )
    note: str = param(
        default="",
        label=gettext_lazy("Note"),
        max_length=MAX_NOTE,
        rows=3,
        help_text=gettext_lazy("Stored encrypted."),
    )


def validate_discharge(data: DischargeInput, admission: Admission) -> Errors:
    errors: Errors = {}
    today = timezone.localdate()
    if data.discharged_on is None:
        _add(errors, "discharged_on", _("Enter the date of discharge."))
    elif data.discharged_on > today:
        _add(errors, "discharged_on", _("The date cannot be in the future."))
    elif admission.admitted_on and data.discharged_on < admission.admitted_on:
        _add(errors, "discharged_on", _("The date cannot be before the admission."))
    if data.reason not in DischargeReason.values or data.reason == DischargeReason.TRANSFERRED:
        _add(errors, "reason", _("Choose the reason for the discharge."))
    if data.destination not in Destination.values:
        _add(errors, "destination", _("Choose where the person goes."))
    if len(data.note) > MAX_NOTE:
        _add(errors, "note", _("At most %(n)d characters.") % {"n": MAX_NOTE})
    return errors


@transaction.atomic
def do_discharge(
    *, actor: Actor, admission: Admission, expected_version: int, data: DischargeInput
) -> Admission:
    """Discharges a resident: the place is free again at once."""
    _require_manager(actor, admission)
    data.note = (data.note or "").strip()
    _raise_if(validate_discharge(data, admission))
    locked = _lock(admission, expected_version, AdmissionStatus.RESIDENT)
    _raise_if(validate_discharge(data, locked))
    locked.status = AdmissionStatus.DISCHARGED
    locked.discharged_on = data.discharged_on
    locked.discharge_reason = data.reason
    locked.destination = data.destination
    locked.discharge_note = data.note
    locked.version += 1
    locked.save()
    record(
        "shelters.discharged",
        actor=actor,
        obj=locked,
        purpose="shelter admission",
        data={
            "alias": locked.alias,
            "discharged_on": data.discharged_on.isoformat(),  # type: ignore[union-attr]
            "reason": data.reason,
            "destination": data.destination,
        },
    )
    return locked


def refusal_messages(decision: Decision) -> list[str]:
    messages = [rule.message() for rule in decision.refusing]
    if decision.excluded_groups:
        messages.append(
            _("This facility does not admit: %(groups)s.")
            % {"groups": ", ".join(g.name() for g in decision.excluded_groups)}
        )
    return messages


@transaction.atomic
def do_transfer(
    *,
    actor: Actor,
    admission: Admission,
    expected_version: int,
    to_facility: Facility,
    place_kind: str,
    transferred_on: date | None = None,
) -> Admission:
    """Moves a resident to another facility of the operator, in one step: the person is
    discharged here and admitted there (decided again against the rules for that facility), or
    nothing changes. Returns the new admission."""
    rules = require_rules()
    _require_manager(actor, admission)
    transferred_on = transferred_on or timezone.localdate()
    errors: Errors = {}
    if to_facility.pk == admission.facility_id:
        _add(errors, "to_facility", _("Choose another facility."))
    elif not can_manage_facility(actor, to_facility) or not to_facility.is_active:
        _add(errors, "to_facility", _("Choose an open facility your agency operates."))
    if transferred_on > timezone.localdate():
        _add(errors, "transferred_on", _("The date cannot be in the future."))
    elif admission.admitted_on and transferred_on < admission.admitted_on:
        _add(errors, "transferred_on", _("The date cannot be before the admission."))
    _raise_if(errors)
    locked = _lock(admission, expected_version, AdmissionStatus.RESIDENT)
    facts = Facts.from_json(locked.facts)
    offered = FacilityPlaces.objects.filter(facility=to_facility, kind=place_kind, capacity__gt=0)
    if not offered.exists():
        raise ValidationError({"place_kind": [_("Choose a kind of place the other facility has.")]})
    decision = decide(
        rules,
        facts,
        facility_region=to_facility.region,
        admitted_groups=list(to_facility.admitted_groups),
        guardian_named=bool(locked.guardian_name),
    )
    if not decision.admitted:
        raise ValidationError({"to_facility": refusal_messages(decision)})
    if not place_fits(rules, place_kind, facts, to_facility.region):
        raise ValidationError(
            {
                "place_kind": [
                    _("A place for %(kind)s does not fit this person: choose another kind.")
                    % {"kind": place_kind_name(place_kind)}
                ]
            }
        )
    locked.status = AdmissionStatus.TRANSFERRED
    locked.discharged_on = transferred_on
    locked.discharge_reason = DischargeReason.TRANSFERRED
    locked.destination = Destination.OTHER_FACILITY
    locked.version += 1
    locked.save()
    _take_place(to_facility, place_kind)
    new = Admission.objects.create(
        facility=to_facility,
        case=locked.case,
        alias=_new_alias(),
        status=AdmissionStatus.RESIDENT,
        place_kind=place_kind,
        facts=_json(facts),
        guardian_name=locked.guardian_name,
        decided_by=actor.user,
        admitted_on=transferred_on,
        **_decision_fields(decision),
    )
    locked.transferred_to = new
    locked.save(update_fields=["transferred_to"])
    record(
        "shelters.transferred",
        actor=actor,
        obj=locked,
        purpose="shelter admission",
        data={
            "alias": locked.alias,
            "from_facility": locked.facility_id,
            "to_facility": to_facility.pk,
            "new_admission": new.pk,
            "new_alias": new.alias,
            "place_kind": place_kind,
            "transferred_on": transferred_on.isoformat(),
            "legal_bases": new.legal_bases,
        },
    )
    return new


def record_resident_read(*, actor: Actor, admission: Admission, purpose: str) -> None:
    """Audits a read of the resident's identity, when the page shows the real name."""
    if shows_identity(actor, admission):
        record_identity_view(actor=actor, cases=[admission.case], purpose=purpose)
