"""Forms of the duplicate-detection pages: they parse; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.people.duplicates import MAX_MESSAGE_LENGTH, MAX_REASON_LENGTH
from palermo.people.services import MAX_NAME_LENGTH, PersonInput
from palermo.people.vocab import Gender


class MatchQueryForm(forms.Form):
    """The person fields of the registration form (same names), all optional."""

    family_name = forms.CharField(
        label=_("Family name"), required=False, max_length=MAX_NAME_LENGTH
    )
    given_name = forms.CharField(label=_("Given name"), required=False, max_length=MAX_NAME_LENGTH)
    patronymic = forms.CharField(label=_("Patronymic"), required=False, max_length=MAX_NAME_LENGTH)
    family_name_latin = forms.CharField(
        label=_("Family name (Latin)"), required=False, max_length=MAX_NAME_LENGTH
    )
    given_name_latin = forms.CharField(
        label=_("Given name (Latin)"), required=False, max_length=MAX_NAME_LENGTH
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False)
    gender = forms.ChoiceField(
        label=_("Sex / gender"), required=False, choices=[("", "—"), *Gender.choices]
    )

    def error_lines(self) -> list[str]:
        """Every problem, each prefixed with the field's label (the partial has no fields)."""
        return [
            f"{self.fields[name].label}: {message}" if name in self.fields else str(message)
            for name, messages in self.errors.items()
            for message in messages
        ]

    def person_input(self) -> PersonInput:
        d = self.cleaned_data
        return PersonInput(
            family_name=d.get("family_name", ""),
            given_name=d.get("given_name", ""),
            patronymic=d.get("patronymic", ""),
            family_name_latin=d.get("family_name_latin", ""),
            given_name_latin=d.get("given_name_latin", ""),
            date_of_birth=d.get("date_of_birth"),
            gender=d.get("gender") or Gender.UNKNOWN,
        )


class ContactRequestForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message to the other agency (optional)"),
        required=False,
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Say how to reach you. Do not write the person's name: they will know whom."),
    )


class AnswerContactRequestForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("answered", _("We got in touch")), ("declined", _("Decline"))]
    )


class MergeForm(forms.Form):
    survivor = forms.IntegerField(label=_("Keep"))
    reason = forms.CharField(
        label=_("Why these are the same person"),
        required=False,
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
