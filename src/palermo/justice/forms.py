"""Justice forms: they parse and present; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from palermo.justice.rules import justice_rules
from palermo.justice.services import (
    AssistanceInput,
    ExpulsionQuery,
    LegalPersonInput,
    MeasureInput,
    ProceedingsInput,
    SuspectInput,
)
from palermo.justice.vocab import LegalPersonKind, ParticipantRole, RightExplained
from palermo.people.services import PersonInput
from palermo.people.vocab import CitizenshipStatus, Gender


class DateInput(forms.DateInput):
    input_type = "date"


def country_choices(blank: str = "—") -> list[tuple[str, str]]:
    return [("", blank), *[(code, str(name)) for code, name in countries]]


class BaseForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


class ProceedingsForm(BaseForm):
    number = forms.CharField(label=_("Criminal case number"), max_length=60)
    stage = forms.ChoiceField(label=_("Stage"))
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput)
    offence_date = forms.DateField(
        label=_("Date of the offence"),
        required=False,
        widget=DateInput,
        help_text=_("A victim's age is counted on this date (or on the opening date)."),
    )
    articles = forms.MultipleChoiceField(
        label=_("Criminal Code articles"), widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Stored encrypted."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, opening: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rules = justice_rules()
        self.fields["articles"].choices = [(a.key, a.label()) for a in rules.articles]  # type: ignore[attr-defined]
        if opening:
            self.fields["stage"].choices = [  # type: ignore[attr-defined]
                (s.code, s.name()) for s in rules.stages if not rules.suspension_ended_at(s.code)
            ]
        else:
            del self.fields["stage"]

    def proceedings_input(self) -> ProceedingsInput:
        d = self.cleaned_data
        return ProceedingsInput(
            number=d.get("number", ""),
            opened_on=d.get("opened_on"),
            offence_date=d.get("offence_date"),
            articles=list(d.get("articles", [])),
            summary=d.get("summary", ""),
            stage=d.get("stage", ""),
        )


class StageForm(BaseForm):
    stage = forms.ChoiceField(label=_("New stage"))
    changed_on = forms.DateField(label=_("Since"), widget=DateInput)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, current: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rules = justice_rules()
        stage = rules.stage(current)
        codes = stage.next if stage else ()
        self.fields["stage"].choices = [(c, rules.stage_name(c)) for c in codes]  # type: ignore[attr-defined]


class ParticipantForm(BaseForm):
    role = forms.ChoiceField(label=_("Role in the proceedings"), choices=ParticipantRole.choices)
    linked_on = forms.DateField(label=_("Linked on"), widget=DateInput)
    case_reference = forms.CharField(
        label=_("Case number"),
        required=False,
        max_length=40,
        help_text=_(
            "A case your agency holds or that was referred to it. Leave empty to enter a person "
            "who has no case (e.g. a witness)."
        ),
    )
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
    # No default: a preselected value would be recorded unread (choose Unknown if not known).
    gender = forms.ChoiceField(
        label=_("Sex / gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    citizenship_status = forms.ChoiceField(
        label=_("Citizenship status"), choices=CitizenshipStatus.choices
    )
    citizenship = forms.ChoiceField(label=_("Citizenship"), required=False)

    PERSON_FIELDS = (
        "family_name", "given_name", "patronymic", "family_name_latin", "given_name_latin",
        "date_of_birth", "gender", "citizenship_status", "citizenship",
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["citizenship"].choices = country_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("case_reference") and not data.get("gender"):
            self.add_error("gender", _("Choose the sex / gender, or Unknown."))
        return data

    def link_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("role", "linked_on", "case_reference")]

    def new_person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.PERSON_FIELDS]

    def person_input(self) -> PersonInput | None:
        d = self.cleaned_data
        if d.get("case_reference"):
            return None
        return PersonInput(**{name: d.get(name) or "" for name in self.PERSON_FIELDS[:5]},
                           date_of_birth=d.get("date_of_birth"),
                           gender=d.get("gender") or Gender.UNKNOWN,
                           citizenship_status=d.get("citizenship_status") or CitizenshipStatus.UNKNOWN,
                           citizenship=d.get("citizenship") or "")  # fmt: skip


class MeasureForm(BaseForm):
    kind = forms.ChoiceField(label=_("Measure"))
    starts_on = forms.DateField(label=_("Applied from"), widget=DateInput)
    ends_on = forms.DateField(label=_("Applied until"), required=False, widget=DateInput)
    includes_family = forms.BooleanField(
        label=_("Family members are protected too"), required=False
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Stored encrypted."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (m.code, f"{m.name()} ({m.legal_basis.cite()})") for m in justice_rules().measures
        ]

    def measure_input(self) -> MeasureInput:
        d = self.cleaned_data
        return MeasureInput(
            kind=d.get("kind", ""),
            starts_on=d.get("starts_on"),
            ends_on=d.get("ends_on"),
            includes_family=bool(d.get("includes_family")),
            details=d.get("details", ""),
        )


class ExtendMeasureForm(BaseForm):
    ends_on = forms.DateField(label=_("New end date"), widget=DateInput)
    version = forms.IntegerField(widget=forms.HiddenInput)


class EndMeasureForm(BaseForm):
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), max_length=5000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class InterferenceForm(BaseForm):
    recorded_on = forms.DateField(label=_("Date"), widget=DateInput)
    note = forms.CharField(
        label=_("How the victim interferes with the investigation or the trial"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        help_text=_("Stored encrypted."),
    )


class EndParticipationForm(BaseForm):
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), max_length=5000)


class AssistanceForm(BaseForm):
    given_on = forms.DateField(label=_("Date"), widget=DateInput)
    assistance = forms.BooleanField(label=_("Legal assistance given"), required=False)
    rights = forms.MultipleChoiceField(
        label=_("Rights explained to the victim"),
        choices=RightExplained.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Stored encrypted."),
    )

    def assistance_input(self) -> AssistanceInput:
        d = self.cleaned_data
        return AssistanceInput(
            given_on=d.get("given_on"),
            assistance=bool(d.get("assistance")),
            rights=list(d.get("rights", [])),
            notes=d.get("notes", ""),
        )


class SuspectForm(BaseForm):
    family_name = forms.CharField(label=_("Family name"), max_length=200)
    given_name = forms.CharField(label=_("Given name"), required=False, max_length=200)
    patronymic = forms.CharField(label=_("Patronymic"), required=False, max_length=200)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    citizenship = forms.ChoiceField(label=_("Citizenship"), required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["citizenship"].choices = country_choices()  # type: ignore[attr-defined]

    def suspect_input(self) -> SuspectInput:
        d = self.cleaned_data
        return SuspectInput(
            family_name=d.get("family_name", ""),
            given_name=d.get("given_name", ""),
            patronymic=d.get("patronymic", ""),
            date_of_birth=d.get("date_of_birth"),
            citizenship=d.get("citizenship", ""),
            notes=d.get("notes", ""),
        )


class LegalPersonForm(BaseForm):
    name = forms.CharField(label=_("Name"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=LegalPersonKind.choices)
    taxpayer_number = forms.CharField(
        label=_("Taxpayer number"),
        required=False,
        max_length=20,
        help_text=_("Linked to the registry of organisations involved in trafficking if known."),
    )
    country = forms.ChoiceField(label=_("Country of registration"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()  # type: ignore[attr-defined]

    def legal_person_input(self) -> LegalPersonInput:
        d = self.cleaned_data
        return LegalPersonInput(
            name=d.get("name", ""),
            kind=d.get("kind", ""),
            taxpayer_number=d.get("taxpayer_number", ""),
            country=d.get("country", ""),
        )


class ExpulsionCheckForm(BaseForm):
    reference = forms.CharField(
        label=_("Person's reference number"),
        required=False,
        max_length=32,
        help_text=_("For example BY-2026-000123. Or give the name and the date of birth."),
    )
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    purpose = forms.CharField(
        label=_("Purpose of the check"),
        max_length=300,
        help_text=_("Recorded in the audit log, e.g. the number of the expulsion file."),
    )

    def query(self) -> ExpulsionQuery:
        d = self.cleaned_data
        return ExpulsionQuery(
            reference=d.get("reference", ""),
            name=d.get("name", ""),
            date_of_birth=d.get("date_of_birth"),
            purpose=d.get("purpose", ""),
        )
