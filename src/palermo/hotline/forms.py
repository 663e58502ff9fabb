"""Hotline forms: they parse and present; the rules live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from palermo.cases.vocab import ExploitationForm
from palermo.hotline.services import CallInput, HandoverInput
from palermo.hotline.vocab import CallLanguage, Channel, Outcome, TipCloseReason, Topic
from palermo.jurisdictions.pack import get_pack
from palermo.people.services import PersonInput
from palermo.people.vocab import CitizenshipStatus, Gender


class DateInput(forms.DateInput):
    input_type = "date"


def region_choices(blank: str = "—") -> list[tuple[str, str]]:
    return [("", blank)] + [(r.code, r.name()) for r in get_pack().regions]


class CallForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    topic = forms.ChoiceField(label=_("Topic"), choices=[("", "—"), *Topic.choices])
    region = forms.ChoiceField(label=_("Caller's region"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=CallLanguage.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    follow_up_on = forms.DateField(label=_("Follow up on"), required=False, widget=DateInput)
    consent_contact = forms.BooleanField(
        label=_("The caller agrees that we keep their name and contact"), required=False
    )
    consent_share = forms.BooleanField(
        label=_("The caller agrees that we pass what they told us to the police"), required=False
    )
    consent_register = forms.BooleanField(
        label=_("The caller agrees to be registered as a presumed victim"), required=False
    )
    caller_name = forms.CharField(
        label=_("Caller's name"),
        required=False,
        max_length=200,
        help_text=_("Only if the caller agrees. Stored encrypted."),
    )
    caller_contact = forms.CharField(
        label=_("Caller's phone or address"),
        required=False,
        max_length=200,
        help_text=_("Only if the caller agrees. Stored encrypted."),
    )
    summary = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Stored encrypted. Write only what the caller agreed to tell."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices(str(_("Not known")))  # type: ignore[attr-defined]

    def call_input(self) -> CallInput:
        d = self.cleaned_data
        return CallInput(
            channel=d.get("channel", ""),
            topic=d.get("topic", ""),
            region=d.get("region", ""),
            language=d.get("language", ""),
            outcome=d.get("outcome", ""),
            follow_up_on=d.get("follow_up_on"),
            consent_contact=bool(d.get("consent_contact")),
            consent_share=bool(d.get("consent_share")),
            consent_register=bool(d.get("consent_register")),
            caller_name=d.get("caller_name", ""),
            caller_contact=d.get("caller_contact", ""),
            summary=d.get("summary", ""),
        )


class AgencyCheckForm(forms.Form):
    query = forms.CharField(
        label=_("Agency name, taxpayer number (UNP) or licence number"), max_length=200
    )


class CallTipForm(forms.Form):
    what_happened = forms.CharField(
        label=_("What the caller reported"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Goes to the counter-trafficking unit of the caller's region. Stored encrypted."
        ),
        required=False,
    )
    include_contact = forms.BooleanField(
        label=_("Pass the caller's contact on (only with their consent)"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class HandoverForm(forms.Form):
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=200)
    given_name = forms.CharField(label=_("Given name"), required=False, max_length=200)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    gender = forms.ChoiceField(
        label=_("Sex / gender"), choices=Gender.choices, initial=Gender.UNKNOWN
    )
    citizenship = forms.ChoiceField(label=_("Citizenship"), required=False)
    exploitation_forms = forms.MultipleChoiceField(
        label=_("Suspected forms of exploitation"),
        choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    country_of_exploitation = forms.ChoiceField(label=_("Country of exploitation"), required=False)
    narrative = forms.CharField(
        label=_("Circumstances"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only what the caller agreed to share. Stored encrypted."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        country_choices = [("", "—")] + [(code, name) for code, name in countries]
        self.fields["citizenship"].choices = country_choices  # type: ignore[attr-defined]
        self.fields["country_of_exploitation"].choices = country_choices  # type: ignore[attr-defined]

    def handover_input(self) -> HandoverInput:
        d = self.cleaned_data
        return HandoverInput(
            person=PersonInput(
                family_name=d.get("family_name", ""),
                given_name=d.get("given_name", ""),
                date_of_birth=d.get("date_of_birth"),
                gender=d.get("gender") or Gender.UNKNOWN,
                citizenship=d.get("citizenship", ""),
                # What the caller did not say stays unknown.
                citizenship_status=(
                    CitizenshipStatus.CITIZEN if d.get("citizenship") else CitizenshipStatus.UNKNOWN
                ),
            ),
            exploitation_forms=list(d.get("exploitation_forms", [])),
            country_of_exploitation=d.get("country_of_exploitation", ""),
            narrative=d.get("narrative", ""),
        )


class TipForwardForm(forms.Form):
    region = forms.ChoiceField(label=_("Region whose CT unit gets the tip"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices()  # type: ignore[attr-defined]


class TipCloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=TipCloseReason.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)
