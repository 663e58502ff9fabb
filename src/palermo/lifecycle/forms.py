from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class VersionForm(forms.Form):
    """The version of the list the user saw: a decision on a list changed meanwhile is refused."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class FindPersonForm(forms.Form):
    reference = forms.CharField(label=_("Reference number of the person"), max_length=32)


class CorrectionForm(forms.Form):
    received_on = forms.DateField(
        label=_("Request received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    requested_change = forms.CharField(
        label=_("What the person asks to correct"), max_length=5000, widget=forms.Textarea
    )


class CorrectionAnswerForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Accept: the record was corrected")), ("no", _("Refuse"))],
        coerce=lambda value: value == "yes",
    )
    answer = forms.CharField(
        label=_("Answer to the person"), max_length=5000, widget=forms.Textarea
    )
