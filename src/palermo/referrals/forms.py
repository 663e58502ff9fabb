"""Forms parse and present; the rules live in the services (one place for the UI and the API)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from palermo.accounts.models import Agency
from palermo.jurisdictions.pack import get_pack
from palermo.referrals.catalogue import get_catalogue
from palermo.referrals.vocab import (
    AvrStatus,
    GoalStatus,
    ReferralReason,
    SharePart,
    SupportType,
    Urgency,
)


class DateInput(forms.DateInput):
    input_type = "date"


def region_choices(blank: str | Promise | None = "—") -> list[tuple[str, str]]:
    choices = [(r.code, r.name()) for r in get_pack().regions]
    return ([("", str(blank))] if blank is not None else []) + choices


def service_choices(blank: bool = True) -> list[tuple[str, str]]:
    return ([("", "—")] if blank else []) + get_catalogue().choices()


class ServiceErrorsMixin(forms.Form):
    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


class BaseForm(ServiceErrorsMixin):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ReferralForm(BaseForm):
    services = forms.MultipleChoiceField(
        label=_("Services needed"), widget=forms.CheckboxSelectMultiple, required=False
    )
    region = forms.ChoiceField(
        label=_("Region where the services are needed"),
        required=False,
        help_text=_("Agencies serving the whole country are listed for every region."),
    )
    to_agency = forms.ModelChoiceField(
        label=_("Refer to"),
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        help_text=_("Agencies of the service directory that offer every service chosen above."),
    )
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=ReferralReason.choices,
        initial=ReferralReason.ADDITIONAL_SERVICES,
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ROUTINE
    )
    details = forms.CharField(
        label=_("Details for the receiving agency"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Special arrangements and logistics. Stored encrypted."),
    )
    share = forms.MultipleChoiceField(
        label=_("Parts of the file to share once the referral is accepted"),
        choices=SharePart.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=[SharePart.EXPLOITATION],
    )

    def __init__(
        self, *args: Any, agencies: Any = None, consent: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["services"].choices = service_choices(blank=False)  # type: ignore[attr-defined]
        self.fields["region"].choices = region_choices(_("Any region"))  # type: ignore[attr-defined]
        if agencies is not None:
            self.fields["to_agency"].queryset = agencies  # type: ignore[attr-defined]
        if not consent:
            self.fields["share"].help_text = _(
                "The person's consent does not cover sharing with referral agencies: names, date "
                "of birth and circumstances cannot be shared."
            )


class ReasonForm(BaseForm):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VersionForm(BaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DeliveryForm(BaseForm):
    service_type = forms.ChoiceField(label=_("Service"))
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput, required=False)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted."),
    )

    def __init__(
        self, *args: Any, services: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_type"].choices = [("", "—"), *(services or service_choices(False))]  # type: ignore[attr-defined]


class GoalForm(BaseForm):
    support_type = forms.ChoiceField(
        label=_("Type of support"), choices=[("", "—"), *SupportType.choices], required=False
    )
    description = forms.CharField(
        label=_("Goal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted."),
    )
    target_on = forms.DateField(label=_("Target date"), widget=DateInput, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=GoalStatus.choices, initial=GoalStatus.OPEN
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class FollowUpForm(BaseForm):
    followed_up_on = forms.DateField(
        label=_("Date of the follow-up"), widget=DateInput, required=False
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted."),
    )
    next_follow_up_on = forms.DateField(label=_("Next follow-up"), widget=DateInput, required=False)


def _country_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(code, str(name)) for code, name in countries]


class AvrOpenForm(BaseForm):
    counselled_on = forms.DateField(
        label=_("First counselling on the return option"), widget=DateInput, required=False
    )
    destination_country = forms.ChoiceField(label=_("Country of return"), required=False)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["destination_country"].choices = _country_choices()  # type: ignore[attr-defined]


class AvrForm(BaseForm):
    status = forms.ChoiceField(label=_("Status"), choices=AvrStatus.choices)
    decided_on = forms.DateField(label=_("Decision to return"), widget=DateInput, required=False)
    destination_country = forms.ChoiceField(label=_("Country of return"), required=False)
    departure_on = forms.DateField(label=_("Departure"), widget=DateInput, required=False)
    travel_documents = forms.BooleanField(label=_("Travel documents"), required=False)
    ticket = forms.BooleanField(label=_("Ticket"), required=False)
    escort = forms.BooleanField(label=_("Escort"), required=False)
    reintegration_grant = forms.BooleanField(label=_("Reintegration grant"), required=False)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["destination_country"].choices = _country_choices()  # type: ignore[attr-defined]


class CounsellingForm(BaseForm):
    counselled_on = forms.DateField(label=_("Counselled on"), widget=DateInput, required=False)


class OfferingForm(BaseForm):
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.filter(is_active=True), required=False
    )
    service_type = forms.ChoiceField(label=_("Service"))
    regions = forms.MultipleChoiceField(
        label=_("Regions served"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick none if the agency serves the whole country."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Conditions, opening hours, whom to call. Nothing about a person."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, agencies: Any = None, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_type"].choices = service_choices()  # type: ignore[attr-defined]
        self.fields["regions"].choices = region_choices(None)  # type: ignore[attr-defined]
        if agencies is None or editing:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        if editing:
            self.fields["service_type"].disabled = True
