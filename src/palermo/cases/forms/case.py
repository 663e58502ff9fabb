"""Forms parse and present; the rules themselves live in the services (one place for UI and API)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from palermo.accounts.models import Agency
from palermo.cases.models import Case
from palermo.cases.services import CaseInput, validate_case
from palermo.cases.vocab import ExploitationForm, IdentificationMethod
from palermo.jurisdictions.pack import get_pack
from palermo.people.services import PersonInput, validate_person
from palermo.people.vocab import CitizenshipStatus, Gender


def _country_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(code, name) for code, name in countries]


class DateInput(forms.DateInput):
    input_type = "date"


class CaseForm(forms.Form):
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=200)
    given_name = forms.CharField(label=_("Given name"), required=False, max_length=200)
    patronymic = forms.CharField(label=_("Patronymic"), required=False, max_length=200)
    family_name_latin = forms.CharField(
        label=_("Family name (Latin)"), required=False, max_length=200
    )
    given_name_latin = forms.CharField(
        label=_("Given name (Latin)"), required=False, max_length=200
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    gender = forms.ChoiceField(
        label=_("Sex / gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    citizenship_status = forms.ChoiceField(
        label=_("Citizenship status"),
        choices=CitizenshipStatus.choices,
        initial=CitizenshipStatus.CITIZEN,
    )
    citizenship = forms.ChoiceField(label=_("Citizenship"), required=False)
    exploitation_forms = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    country_of_recruitment = forms.ChoiceField(label=_("Country of recruitment"), required=False)
    country_of_exploitation = forms.ChoiceField(label=_("Country of exploitation"), required=False)
    identification_method = forms.ChoiceField(
        label=_("How the person was identified"),
        choices=[("", "—"), *IdentificationMethod.choices],
        required=False,
    )
    identifying_agency = forms.ModelChoiceField(
        label=_("Identifying agency"),
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        help_text=_("The agency that first identified the person, if not yours."),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    identified_on = forms.DateField(
        label=_("Date of identification"), required=False, widget=DateInput
    )
    exploitation_started_on = forms.DateField(
        label=_("Exploitation began"), required=False, widget=DateInput
    )
    exploitation_ended_on = forms.DateField(
        label=_("Exploitation ended"), required=False, widget=DateInput
    )
    narrative = forms.CharField(
        label=_("Circumstances"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Stored encrypted. Shown only to those who may see the person's identity."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        country_choices = _country_choices()
        for name in ("citizenship", "country_of_recruitment", "country_of_exploitation"):
            self.fields[name].choices = country_choices  # type: ignore[attr-defined]
        pack = get_pack()
        self.fields["region"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (r.code, r.name()) for r in pack.regions
        ]

    PERSON_FIELDS = (
        "family_name", "given_name", "patronymic", "family_name_latin", "given_name_latin",
        "date_of_birth", "gender", "citizenship_status", "citizenship",
    )  # fmt: skip

    @property
    def person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.PERSON_FIELDS]

    @property
    def case_fields(self) -> list[forms.BoundField]:
        return [f for f in self.visible_fields() if f.name not in self.PERSON_FIELDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Run the service's rules now too, so that the user sees every problem at once rather
        # than the form's first and the service's on the next attempt.
        errors = validate_person(self.person_input().cleaned())
        for name, messages in validate_case(self.case_input().cleaned()).items():
            errors.setdefault(name, []).extend(messages)
        for name, messages in errors.items():
            if name in self.fields and name in self.errors:
                continue  # the form already said what is wrong with this field
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        return data

    def person_input(self) -> PersonInput:
        d = self.cleaned_data
        return PersonInput(
            family_name=d.get("family_name", ""),
            given_name=d.get("given_name", ""),
            patronymic=d.get("patronymic", ""),
            family_name_latin=d.get("family_name_latin", ""),
            given_name_latin=d.get("given_name_latin", ""),
            date_of_birth=d.get("date_of_birth"),
            gender=d.get("gender", ""),
            citizenship_status=d.get("citizenship_status", ""),
            citizenship=d.get("citizenship", ""),
        )

    def case_input(self) -> CaseInput:
        d = self.cleaned_data
        agency = d.get("identifying_agency")
        return CaseInput(
            identification_method=d.get("identification_method", ""),
            identifying_agency_id=agency.pk if agency else None,
            region=d.get("region", ""),
            country_of_recruitment=d.get("country_of_recruitment", ""),
            country_of_exploitation=d.get("country_of_exploitation", ""),
            identified_on=d.get("identified_on"),
            exploitation_started_on=d.get("exploitation_started_on"),
            exploitation_ended_on=d.get("exploitation_ended_on"),
            exploitation_forms=list(d.get("exploitation_forms", [])),
            narrative=d.get("narrative", ""),
        )

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)

    @classmethod
    def initial_for(cls, case: Case) -> dict[str, Any]:
        p = case.person
        return {
            "family_name": p.family_name,
            "given_name": p.given_name,
            "patronymic": p.patronymic,
            "family_name_latin": p.family_name_latin,
            "given_name_latin": p.given_name_latin,
            "date_of_birth": p.date_of_birth,
            "gender": p.gender,
            "citizenship_status": p.citizenship_status,
            "citizenship": str(p.citizenship or ""),
            "exploitation_forms": case.exploitation_form_codes,
            "country_of_recruitment": str(case.country_of_recruitment or ""),
            "country_of_exploitation": str(case.country_of_exploitation or ""),
            "identification_method": case.identification_method,
            "identifying_agency": case.identifying_agency_id,
            "region": case.region,
            "identified_on": case.identified_on,
            "exploitation_started_on": case.exploitation_started_on,
            "exploitation_ended_on": case.exploitation_ended_on,
            "narrative": case.narrative,
            "version": case.version,
        }
