"""Forms parse and present; the rules live in the services (one place for UI, API and imports)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from palermo.cases.vocab import ExploitationForm
from palermo.core.actions import Refusal
from palermo.jurisdictions.pack import get_pack
from palermo.people.vocab import Gender
from palermo.registries.models import InvolvedOrganisation, Licence
from palermo.registries.rules import organisation_procedure
from palermo.registries.services import (
    AdvertInput,
    CastingInput,
    LicenceInput,
    OrganisationInput,
    StepInput,
    StudentNoticeInput,
    TouristInput,
    TouristReportInput,
)
from palermo.registries.vocab import (
    LICENCE_TRANSITIONS,
    AdvertKind,
    CastingCheckOutcome,
    CastingPurpose,
    DecisionOutcome,
    HolderType,
    LicenceKind,
    LicenceStatus,
    OrganisationKind,
    OrganisationStepKind,
    TravelPurpose,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def country_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(code, str(name)) for code, name in countries]


def region_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(r.code, r.name()) for r in get_pack().regions]


def _date(label: Any, required: bool = False, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput, **kwargs)


def _choice(label: Any, choices: Any, required: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[("", "—"), *choices], required=required)


class ServiceForm(forms.Form):
    """A form that shows the services' field errors next to its fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def add_refusal(self, exc: ValidationError) -> None:
        Refusal.of(exc).add_to_form(self)

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        Refusal(errors).add_to_form(self)

    def value(self, name: str) -> str:
        return str(self.cleaned_data.get(name) or "")


class LicenceForm(ServiceForm):
    kind = _choice(_("Kind of activity"), LicenceKind.choices)
    number = forms.CharField(label=_("Licence number"), required=False, max_length=60)
    holder_name = forms.CharField(label=_("Holder"), required=False, max_length=300)
    holder_type = _choice(_("Holder type"), HolderType.choices)
    taxpayer_number = forms.CharField(
        label=_("Taxpayer number (UNP)"), required=False, max_length=20
    )
    issued_on = _date(_("Issued on"))
    valid_from = _date(_("Valid from"))
    valid_until = _date(_("Valid until"), help_text=_("Leave empty for a licence without end."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def to_input(self) -> LicenceInput:
        d = self.cleaned_data
        return LicenceInput(
            kind=self.value("kind"), number=self.value("number"),
            holder_name=self.value("holder_name"), holder_type=self.value("holder_type"),
            taxpayer_number=self.value("taxpayer_number"), issued_on=d.get("issued_on"),
            valid_from=d.get("valid_from"), valid_until=d.get("valid_until"),
        )  # fmt: skip

    @classmethod
    def initial_for(cls, licence: Licence) -> dict[str, Any]:
        names = ("kind", "number", "holder_name", "holder_type", "taxpayer_number", "issued_on",
                 "valid_from", "valid_until", "version")  # fmt: skip
        return {name: getattr(licence, name) for name in names}


class LicenceStatusForm(ServiceForm):
    to_status = _choice(_("New status"), LicenceStatus.choices)
    decided_on = _date(_("Date of the decision"))
    document_reference = forms.CharField(
        label=_("Document (number and date)"), required=False, max_length=200
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, current: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if current is not None:
            # Offer only the changes the rules allow from the current status.
            allowed = LICENCE_TRANSITIONS.get(current, frozenset())
            self.fields["to_status"].choices = [  # type: ignore[attr-defined]
                ("", "—"),
                *[(v, label) for v, label in LicenceStatus.choices if v in allowed],
            ]


class OrganisationForm(ServiceForm):
    name = forms.CharField(label=_("Name"), required=False, max_length=300)
    kind = _choice(_("Kind of organisation"), OrganisationKind.choices)
    registration_number = forms.CharField(
        label=_("Registration number (UNP)"),
        required=False,
        max_length=60,
        help_text=_("Required for an organisation registered in the country."),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    suspended_on = _date(_("Suspended by the Prosecutor General on"))
    document_reference = forms.CharField(
        label=_("Prosecutor General's decision (number and date)"), required=False, max_length=200
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()  # type: ignore[attr-defined]

    def to_input(self) -> OrganisationInput:
        return OrganisationInput(
            name=self.value("name"), registration_number=self.value("registration_number"),
            country=self.value("country"), kind=self.value("kind"),
            suspended_on=self.cleaned_data.get("suspended_on"),
            document_reference=self.value("document_reference"), note=self.value("note"),
        )  # fmt: skip


class StepForm(ServiceForm):
    has_next_step = True

    step = _choice(
        _("Step"),
        [c for c in OrganisationStepKind.choices if c[0] != OrganisationStepKind.SUSPENDED],
    )
    occurred_on = _date(_("Date"))
    document_reference = forms.CharField(
        label=_("Document (number and date)"), required=False, max_length=200
    )
    confiscated_amount = forms.DecimalField(
        label=_("Confiscated property (amount)"),
        required=False,
        max_digits=16,
        decimal_places=2,
        help_text=_("Liquidation only."),
    )
    confiscated_currency = forms.CharField(
        label=_("Currency (ISO 4217)"), required=False, max_length=3
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, organisation: InvolvedOrganisation | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisation is not None:
            # Offer the steps that may follow now; the service still decides.
            procedure = organisation_procedure()
            choices = [
                (code, label)
                for code, label in OrganisationStepKind.choices
                if code in procedure
                and organisation.stage in procedure[code].after
                and (
                    code != OrganisationStepKind.OFFICE_BAN
                    or (organisation.is_foreign and organisation.office_ban_on is None)
                )
            ]
            self.fields["step"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]
            self.has_next_step = bool(choices)

    def to_input(self) -> StepInput:
        return StepInput(
            step=self.value("step"), occurred_on=self.cleaned_data.get("occurred_on"),
            document_reference=self.value("document_reference"), note=self.value("note"),
            confiscated_amount=self.cleaned_data.get("confiscated_amount"),
            confiscated_currency=self.value("confiscated_currency"),
        )  # fmt: skip


class TouristReportForm(ServiceForm):
    report_number = forms.CharField(label=_("Report number"), required=False, max_length=60)
    reported_on = _date(_("Reported on"))
    agency_name = forms.CharField(label=_("Tourist agency"), required=False, max_length=300)
    agency_taxpayer_number = forms.CharField(
        label=_("Agency taxpayer number (UNP)"), required=False, max_length=20
    )
    agency_licence_number = forms.CharField(
        label=_("Agency licence number"), required=False, max_length=60
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    destination_country = forms.ChoiceField(label=_("Destination country"), required=False)
    departed_on = _date(_("Group departed on"))
    returned_on = _date(_("Group returned on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices()  # type: ignore[attr-defined]
        self.fields["destination_country"].choices = country_choices()  # type: ignore[attr-defined]

    def to_input(self, tourists: list[TouristInput]) -> TouristReportInput:
        d = self.cleaned_data
        return TouristReportInput(
            report_number=self.value("report_number"), agency_name=self.value("agency_name"),
            agency_taxpayer_number=self.value("agency_taxpayer_number"),
            agency_licence_number=self.value("agency_licence_number"), region=self.value("region"),
            destination_country=self.value("destination_country"), departed_on=d.get("departed_on"),
            returned_on=d.get("returned_on"), reported_on=d.get("reported_on"), tourists=tourists,
        )  # fmt: skip


class TouristForm(ServiceForm):
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=200)
    given_name = forms.CharField(label=_("Given name"), required=False, max_length=200)
    patronymic = forms.CharField(label=_("Patronymic"), required=False, max_length=200)
    date_of_birth = _date(_("Date of birth"))
    # No default: a preselected value would be recorded unread (choose Unknown if not known).
    gender = forms.ChoiceField(
        label=_("Sex / gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    citizenship = forms.ChoiceField(label=_("Citizenship"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["citizenship"].choices = country_choices()  # type: ignore[attr-defined]
        self.fields["citizenship"].initial = get_pack().country

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.is_blank() and not data.get("gender"):
            self.add_error("gender", _("Choose the sex / gender, or Unknown."))
        return data

    def is_blank(self) -> bool:
        return not any(
            self.cleaned_data.get(n)
            for n in ("family_name", "given_name", "patronymic", "date_of_birth")
        )

    def to_input(self) -> TouristInput:
        return TouristInput(
            family_name=self.value("family_name"), given_name=self.value("given_name"),
            patronymic=self.value("patronymic"), date_of_birth=self.cleaned_data.get("date_of_birth"),
            gender=self.value("gender"), citizenship=self.value("citizenship"),
        )  # fmt: skip


TouristFormSet = forms.formset_factory(TouristForm, extra=3, max_num=50)


class OpenCaseForm(ServiceForm):
    exploitation_forms = forms.MultipleChoiceField(
        label=_("Suspected forms of exploitation"),
        choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=[ExploitationForm.OTHER],
        help_text=_("Leave “Other” if nothing is known yet."),
    )


class AdvertForm(ServiceForm):
    submission_number = forms.CharField(label=_("Submission number"), required=False, max_length=60)
    submitted_on = _date(_("Submitted on"))
    advertiser_name = forms.CharField(label=_("Advertiser"), required=False, max_length=300)
    advertiser_taxpayer_number = forms.CharField(
        label=_("Advertiser taxpayer number (UNP)"), required=False, max_length=20
    )
    kind = _choice(_("Kind"), AdvertKind.choices)
    media = forms.CharField(label=_("Media"), required=False, max_length=300)  # type: ignore[assignment]
    text = forms.CharField(
        label=_("Text of the advert"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def to_input(self) -> AdvertInput:
        return AdvertInput(
            submission_number=self.value("submission_number"),
            advertiser_name=self.value("advertiser_name"),
            advertiser_taxpayer_number=self.value("advertiser_taxpayer_number"),
            kind=self.value("kind"), media=self.value("media"), text=self.value("text"),
            submitted_on=self.cleaned_data.get("submitted_on"),
        )  # fmt: skip


class AdvertDecisionForm(ServiceForm):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    decided_on = _date(_("Date of the decision"))
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for a refusal."),
    )


class StudentNoticeForm(ServiceForm):
    notice_number = forms.CharField(label=_("Notice number"), required=False, max_length=60)
    sender_name = forms.CharField(label=_("Sending organisation"), required=False, max_length=300)
    sender_taxpayer_number = forms.CharField(
        label=_("Sending organisation taxpayer number (UNP)"), required=False, max_length=20
    )
    institution_name = forms.CharField(
        label=_("Educational institution"), required=False, max_length=300
    )
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=200)
    given_name = forms.CharField(label=_("Given name"), required=False, max_length=200)
    patronymic = forms.CharField(label=_("Patronymic"), required=False, max_length=200)
    date_of_birth = _date(_("Date of birth"))
    destination_country = forms.ChoiceField(label=_("Destination country"), required=False)
    purpose = _choice(_("Purpose"), TravelPurpose.choices)
    departs_on = _date(_("Departs on"))
    returns_on = _date(_("Returns on"))
    permission_date = _date(_("Date of the head's written permission"))
    permission_number = forms.CharField(
        label=_("Number of the head's written permission"), required=False, max_length=60
    )
    migration_informed_on = _date(_("Citizenship and migration authorities informed on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["destination_country"].choices = country_choices()  # type: ignore[attr-defined]

    def to_input(self) -> StudentNoticeInput:
        d = self.cleaned_data
        values: dict[str, Any] = {
            name: (
                d.get(name) if isinstance(self.fields[name], forms.DateField) else self.value(name)
            )
            for name in self.fields
        }
        return StudentNoticeInput(**values)


class MigrationInformedForm(ServiceForm):
    migration_informed_on = _date(_("Citizenship and migration authorities informed on"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ImportForm(ServiceForm):
    file = forms.FileField(
        label=_("File (CSV in UTF-8, or Excel .xlsx)"),
        help_text=_("The first line names the columns. All rows are imported, or none."),
    )


class CastingForm(ServiceForm):
    registration_number = forms.CharField(
        label=_("Registration number"), required=False, max_length=60
    )
    organiser_name = forms.CharField(label=_("Organiser"), required=False, max_length=300)
    organiser_taxpayer_number = forms.CharField(
        label=_("Organiser taxpayer number (UNP)"), required=False, max_length=20
    )
    purpose = _choice(_("Selection for"), CastingPurpose.choices)
    destination_country = forms.ChoiceField(
        label=_("Country of the work"),
        required=False,
        help_text=_("Required for employment abroad."),
    )
    notice_text = forms.CharField(
        label=_("Text of the casting notice"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    notice_media = forms.CharField(
        label=_("Where the notice was published"), required=False, max_length=300
    )
    notice_published_on = _date(_("Notice published on"))
    held_from = _date(_("Held from"))
    held_until = _date(_("Held until"))
    place = forms.CharField(label=_("Place"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["destination_country"].choices = country_choices()  # type: ignore[attr-defined]

    def to_input(self) -> CastingInput:
        d = self.cleaned_data
        values: dict[str, Any] = {
            name: (
                d.get(name) if isinstance(self.fields[name], forms.DateField) else self.value(name)
            )
            for name in self.fields
        }
        return CastingInput(**values)


class CastingCheckForm(ServiceForm):
    checked_on = _date(_("Date of the check"))
    outcome = _choice(_("Outcome"), CastingCheckOutcome.choices)
    findings = forms.CharField(
        label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    offence_report = forms.CharField(
        label=_("Administrative offence report (number and date)"),
        required=False,
        max_length=200,
        help_text=_("When an offence report was drawn up, e.g. for illegal castings."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
