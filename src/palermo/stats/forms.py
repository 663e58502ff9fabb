from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.stats.figures.period import MAX_YEAR, MIN_YEAR


class PrepareReleaseForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)


class ReleaseTextsForm(forms.Form):
    evaluation = forms.CharField(
        label=_("Evaluation of the measures"),
        required=False,
        max_length=20000,
        widget=forms.Textarea,
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), required=False, max_length=20000, widget=forms.Textarea
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
