"""Identification screening: record one, evaluate it against the pack's rule, link it to a case."""

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
from palermo.cases.access_parts import can_link_screening, can_screen, can_screen_for_case
from palermo.cases.models import Case, Screening
from palermo.cases.services.registration import ADULT_AGE, _age_on, _raise_if
from palermo.cases.vocab import AgeGroup, ExploitationForm
from palermo.core.audit import record
from palermo.jurisdictions.pack import (
    ScreeningOutcome,
    ScreeningScheme,
    get_pack,
    optional_pack_section,
)
from palermo.people.vocab import Gender

MAX_NAME = 200
MAX_NOTES = 20000
IDENTITY_DETAILS = ("family_name", "given_name", "date_of_birth")
# What a screening made before registration holds to prefill it; a case has these already.
PREFILL_FIELDS = (
    *IDENTITY_DETAILS,
    "gender",
    "citizenship",
    "country_of_exploitation",
    "exploitation_forms",
)


@dataclass
class ScreeningInput:
    age_group: str = ""
    screened_on: date | None = None
    indicators: list[str] = field(default_factory=list)
    # For a screening made before there is a case (to prefill the registration):
    family_name: str = ""
    given_name: str = ""
    date_of_birth: date | None = None
    gender: str = ""
    citizenship: str = ""
    country_of_exploitation: str = ""
    exploitation_forms: list[str] = field(default_factory=list)
    notes: str = ""

    def cleaned(self) -> ScreeningInput:
        self.indicators = list(dict.fromkeys(self.indicators))
        self.family_name = " ".join((self.family_name or "").split())
        self.given_name = " ".join((self.given_name or "").split())
        self.citizenship = (self.citizenship or "").upper()
        self.country_of_exploitation = (self.country_of_exploitation or "").upper()
        self.exploitation_forms = sorted(set(self.exploitation_forms))
        self.notes = (self.notes or "").strip()
        return self


def screening_scheme() -> ScreeningScheme | None:
    """The pack's screening scheme; None for a pack without one."""
    return optional_pack_section("screening", ScreeningScheme)


def validate_screening(
    data: ScreeningInput, *, for_case: bool = False, today: date | None = None
) -> dict[str, list[str]]:
    """Every problem with a screening, by field (the form, the API and imports share it)."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    scheme = screening_scheme()
    if scheme is None:
        add("__all__", _("This jurisdiction's pack defines no screening indicators."))
        return errors
    if data.age_group not in AgeGroup.values:
        add("age_group", _("Choose whether the person is screened as an adult or as a child."))
    elif unknown := scheme.unknown_codes(data.indicators, data.age_group):
        add(
            "indicators",
            _("Not an indicator for this age group: %(codes)s.") % {"codes": ", ".join(unknown)},
        )
    if data.screened_on is None:
        add("screened_on", _("Enter the date of the screening."))
    elif data.screened_on > today:
        add("screened_on", _("The date of the screening cannot be in the future."))
    if for_case:
        for name in [n for n in PREFILL_FIELDS if getattr(data, n)]:
            add(name, _("The person's details come from the case; leave this empty."))
    for name in ("family_name", "given_name"):
        if len(getattr(data, name)) > MAX_NAME:
            add(name, _("A name can have at most %(n)d characters.") % {"n": MAX_NAME})
    if data.date_of_birth is not None:
        if data.date_of_birth > today:
            add("date_of_birth", _("The date of birth cannot be in the future."))
        elif data.screened_on is not None and data.age_group in AgeGroup.values:
            age = cast("int", _age_on(data.date_of_birth, data.screened_on))
            if age < ADULT_AGE and data.age_group == AgeGroup.ADULT:
                add(
                    "age_group",
                    _("By the date of birth the person was a child: screen as a child."),
                )
            elif age >= ADULT_AGE and data.age_group == AgeGroup.CHILD:
                add(
                    "age_group",
                    _("By the date of birth the person was an adult: screen as an adult."),
                )
    if data.gender and data.gender not in Gender.values:
        add("gender", _("Choose a value from the list."))
    for name in ("citizenship", "country_of_exploitation"):
        code = getattr(data, name)
        if code and code not in dict(countries):
            add(name, _("'%(code)s' is not an ISO 3166 country code.") % {"code": code})
    unknown_forms = [f for f in data.exploitation_forms if f not in ExploitationForm.values]
    if unknown_forms:
        add(
            "exploitation_forms",
            _("Unknown form of exploitation: %(codes)s.") % {"codes": ", ".join(unknown_forms)},
        )
    if len(data.notes) > MAX_NOTES:
        add("notes", _("The notes can have at most 20,000 characters."))
    return errors


def evaluate_screening(age_group: str, indicators: list[str]) -> ScreeningOutcome:
    """What the pack's rule recommends for these indicators (nothing is saved)."""
    scheme = screening_scheme()
    if scheme is None or age_group not in AgeGroup.values:
        raise ValidationError(_("This jurisdiction's pack defines no screening indicators."))
    return scheme.evaluate(age_group, indicators)


@transaction.atomic
def do_record_screening(
    *, actor: Actor, data: ScreeningInput, case: Case | None = None
) -> Screening:
    """Saves a screening with the result the pack's rule gives, for a case or before one."""
    agency = actor.agency
    if agency is None or not can_screen(actor):
        raise ValidationError(_("Your role cannot screen people."))
    if case is not None and not can_screen_for_case(actor, case):
        raise ValidationError(_("You cannot add a screening to this case."))
    data = data.cleaned()
    _raise_if(validate_screening(data, for_case=case is not None))
    outcome = evaluate_screening(data.age_group, data.indicators)
    # Stored in the pack's order, whatever order they came in.
    present = [i.code for i in outcome.present]
    screening = Screening.objects.create(
        case=case,
        agency=agency,
        screened_by=actor.user,
        screened_on=cast("date", data.screened_on),
        age_group=data.age_group,
        pack=get_pack().code,
        indicators=present,
        presumed_victim=outcome.presumed_victim,
        decisive_indicators=[i.code for i in outcome.decisive_indicators],
        legal_basis_key=outcome.rule.legal_basis.key,
        legal_basis_citation=outcome.rule.legal_basis.citation,
        family_name=data.family_name,
        given_name=data.given_name,
        date_of_birth=data.date_of_birth,  # type: ignore[misc]  # an encrypted date
        gender=data.gender,
        citizenship=data.citizenship,
        country_of_exploitation=data.country_of_exploitation,
        exploitation_forms=data.exploitation_forms,
        notes=data.notes,
    )
    record(
        "screening.recorded",
        actor=actor,
        obj=screening,
        purpose="identification screening",
        data={
            "case": case.reference if case else None,
            "age_group": screening.age_group,
            "presumed_victim": screening.presumed_victim,
            "indicators": present,
            "rule": screening.legal_basis_citation,
            "identity_fields": [n for n in (*IDENTITY_DETAILS, "notes") if getattr(data, n)],
        },
    )
    return screening


@transaction.atomic
def do_link_screening(*, actor: Actor, screening: Screening, case: Case) -> Screening:
    """Links a screening made before registration to the case registered from it."""
    locked = Screening.objects.select_for_update().get(pk=screening.pk)
    if locked.case_id is not None:
        linked = Case.objects.get(pk=locked.case_id)
        raise ValidationError(
            {
                "screening": [
                    _("This screening is already linked to case %(ref)s.")
                    % {"ref": linked.reference}
                ]
            }
        )
    if not can_link_screening(actor, locked, case):
        raise ValidationError({"screening": [_("You cannot link this screening to this case.")]})
    locked.case = case
    locked.save(update_fields=["case"])
    record(
        "screening.linked",
        actor=actor,
        obj=locked,
        purpose="registration",
        data={"case": case.reference},
    )
    return locked


def record_screening_view(*, actor: Actor, screening: Screening, purpose: str) -> None:
    """Audits a read of the identity details a screening holds (if it holds any)."""
    if not screening.has_identity:
        return
    with transaction.atomic():
        record(
            "screening.identity_viewed",
            actor=actor,
            obj=screening,
            purpose=purpose,
            data={"case": screening.case.reference if screening.case else None},
        )
