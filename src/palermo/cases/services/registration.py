"""Every change to cases: registration and edits. Views, API, CLI and the generator call these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency
from palermo.accounts.roles import Cap
from palermo.cases.access import can_edit_case
from palermo.cases.models import Case, CaseExploitation
from palermo.cases.vocab import ExploitationForm, IdentificationMethod, TraffickingStatus
from palermo.core.audit import record
from palermo.core.errors import ConflictError
from palermo.jurisdictions.pack import get_pack
from palermo.people.services import (
    IDENTITY_FIELDS,
    PersonInput,
    apply_person_data,
    create_person,
    save_person_changes,
    validate_person,
)

ADULT_AGE = 18
CASE_FIELDS = (
    "identification_method",
    "identifying_agency_id",
    "region",
    "country_of_recruitment",
    "country_of_exploitation",
    "identified_on",
    "exploitation_started_on",
    "exploitation_ended_on",
    "narrative",
)


@dataclass
class CaseInput:
    identification_method: str = ""
    identifying_agency_id: int | None = None
    region: str = ""
    country_of_recruitment: str = ""
    country_of_exploitation: str = ""
    identified_on: date | None = None
    exploitation_started_on: date | None = None
    exploitation_ended_on: date | None = None
    exploitation_forms: list[str] = field(default_factory=list)
    narrative: str = ""

    def cleaned(self) -> CaseInput:
        self.country_of_recruitment = (self.country_of_recruitment or "").upper()
        self.country_of_exploitation = (self.country_of_exploitation or "").upper()
        self.exploitation_forms = sorted(set(self.exploitation_forms))
        self.narrative = (self.narrative or "").strip()
        return self


def validate_case(data: CaseInput, *, today: date | None = None) -> dict[str, list[str]]:
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.identification_method not in IdentificationMethod.values:
        add("identification_method", _("Choose how the person was identified."))
    if data.region not in {r.code for r in get_pack().regions}:
        add("region", _("Choose a region of this jurisdiction."))
    for name in ("country_of_recruitment", "country_of_exploitation"):
        code = getattr(data, name)
        if code and code not in dict(countries):
            add(name, _("'%(code)s' is not an ISO 3166 country code.") % {"code": code})
    if not data.exploitation_forms:
        add("exploitation_forms", _("Choose at least one (suspected) form of exploitation."))
    unknown = [f for f in data.exploitation_forms if f not in ExploitationForm.values]
    if unknown:
        add(
            "exploitation_forms",
            _("Unknown form of exploitation: %(codes)s.") % {"codes": ", ".join(unknown)},
        )
    if data.identified_on is None:
        add("identified_on", _("Enter the date of identification."))
    elif data.identified_on > today:
        add("identified_on", _("The date of identification cannot be in the future."))
    for name in ("exploitation_started_on", "exploitation_ended_on"):
        value = getattr(data, name)
        if value is not None and value > today:
            add(name, _("This date cannot be in the future."))
    if (
        data.exploitation_started_on
        and data.exploitation_ended_on
        and data.exploitation_ended_on < data.exploitation_started_on
    ):
        add("exploitation_ended_on", _("The exploitation cannot end before it began."))
    if (
        data.identifying_agency_id is not None
        and not Agency.objects.filter(pk=data.identifying_agency_id, is_active=True).exists()
    ):
        add("identifying_agency", _("Choose an agency from the list."))
    if len(data.narrative) > 20000:
        add("narrative", _("The description can have at most 20,000 characters."))
    return errors


def _age_on(born: date | None, on: date | None) -> int | None:
    if born is None or on is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def validate_dates_together(person: PersonInput, case: CaseInput) -> dict[str, list[str]]:
    """Checks across the person and the case: a person cannot be identified before birth."""
    born, identified = person.date_of_birth, case.identified_on
    if born is not None and identified is not None and born > identified:
        message = _("The date of birth is after the date of identification; check both dates.")
        return {"date_of_birth": [message], "identified_on": [message]}
    return {}


def _all_errors(person: PersonInput, case: CaseInput) -> dict[str, list[str]]:
    errors = validate_person(person)
    for checked in (validate_case(case), validate_dates_together(person, case)):
        for name, messages in checked.items():
            errors.setdefault(name, []).extend(messages)
    return errors


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _apply_case_data(case: Case, data: CaseInput) -> list[str]:
    changed = []
    for name in CASE_FIELDS:
        new = getattr(data, name)
        if getattr(case, name) != new:
            setattr(case, name, new)
            changed.append(name.removesuffix("_id"))
    # The encrypted field holds a date; the type checker only sees its text column.
    age = _age_on(cast("date | None", case.person.date_of_birth), case.identified_on)
    if case.age_at_identification != age:
        case.age_at_identification = age
        case.is_minor = None if age is None else age < ADULT_AGE
        changed.append("age_at_identification")
    return changed


def _set_exploitation_forms(case: Case, forms: list[str]) -> bool:
    current = set(case.exploitation_forms.values_list("form", flat=True))
    wanted = set(forms)
    if current == wanted:
        return False
    case.exploitation_forms.filter(form__in=current - wanted).delete()
    CaseExploitation.objects.bulk_create(
        [CaseExploitation(case=case, form=f) for f in sorted(wanted - current)]
    )
    return True


@transaction.atomic
def do_register_case(*, actor: Actor, person: PersonInput, case: CaseInput) -> Case:
    """Registers a presumed victim: a new Person and their first Case, owned by the actor's agency."""
    if actor.agency is None or not actor.can(Cap.CASE_REGISTER):
        raise ValidationError(_("Your role cannot register cases."))
    person, case = person.cleaned(), case.cleaned()
    _raise_if(_all_errors(person, case))

    new_person = create_person(data=person, registered_by=actor.agency)
    new_case = Case(
        reference=f"{new_person.reference}/1",
        person=new_person,
        owning_agency=actor.agency,
        trafficking_status=TraffickingStatus.POSSIBLE,
        created_by=actor.user,
    )
    _apply_case_data(new_case, case)
    new_case.save()
    _set_exploitation_forms(new_case, case.exploitation_forms)
    record(
        "case.registered",
        actor=actor,
        obj=new_case,
        purpose="registration",
        data={
            "reference": new_case.reference,
            "person_reference": new_person.reference,
            "exploitation_forms": case.exploitation_forms,
            "region": new_case.region,
        },
    )
    return new_case


@transaction.atomic
def do_update_case(
    *, actor: Actor, case: Case, expected_version: int, person: PersonInput, data: CaseInput
) -> Case:
    """Edits a case and its person. Refuses (ConflictError) if someone saved in between."""
    if not can_edit_case(actor, case):
        raise ValidationError(_("You cannot edit this case."))
    person, data = person.cleaned(), data.cleaned()
    _raise_if(_all_errors(person, data))

    # Lock the row and compare versions inside the transaction: two editors who loaded the same
    # version cannot both succeed.
    locked = Case.objects.select_for_update().select_related("person").get(pk=case.pk)
    if locked.version != expected_version:
        raise ConflictError(
            _(
                "Someone else saved this case while you were editing it. Reload it and apply your changes again."
            )
        )
    person_changed = apply_person_data(locked.person, person)
    if person_changed:
        save_person_changes(locked.person, person_changed)
    case_changed = _apply_case_data(locked, data)
    if _set_exploitation_forms(locked, data.exploitation_forms):
        case_changed.append("exploitation_forms")
    if person_changed or case_changed:
        locked.version += 1
        locked.save()
        record(
            "case.updated",
            actor=actor,
            obj=locked,
            purpose="case management",
            # Field names only: values of identity fields never enter the audit log.
            data={
                "person_fields": person_changed,
                "case_fields": case_changed,
                "identity_changed": bool(set(person_changed) & set(IDENTITY_FIELDS)),
            },
        )
    return locked


def record_identity_view(*, actor: Actor, cases: list[Case], purpose: str) -> None:
    """Audits a read of identity data (names, date of birth) of the given cases."""
    if not cases:
        return
    # One event, and ``record`` is atomic by itself: no transaction of our own around it.
    if len(cases) == 1:
        record(
            "person.identity_viewed",
            actor=actor,
            obj=cases[0].person,
            purpose=purpose,
            data={"case": cases[0].reference},
        )
    else:
        record(
            "person.identity_listed",
            actor=actor,
            object_type="people.person",
            purpose=purpose,
            data={"persons": [c.person.reference for c in cases]},
        )
