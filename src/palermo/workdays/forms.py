from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.workdays.models import RESOLUTION_LENGTH
from palermo.workdays.services import TransferInput


class DateInput(forms.DateInput):
    input_type = "date"


class TransferForm(forms.Form):
    date_off = forms.DateField(label=_("Working day given off"), widget=DateInput)
    date_worked = forms.DateField(label=_("Day off worked instead"), widget=DateInput)
    resolution_number = forms.CharField(
        label=_("Resolution number"), max_length=RESOLUTION_LENGTH,
        help_text=_("For example 397 (Council of Ministers Resolution No. 397)."),
    )  # fmt: skip
    resolution_date = forms.DateField(label=_("Resolution date"), widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def transfer_input(self) -> TransferInput:
        d = self.cleaned_data
        return TransferInput(
            date_off=d.get("date_off"),
            date_worked=d.get("date_worked"),
            resolution_number=d.get("resolution_number", ""),
            resolution_date=d.get("resolution_date"),
        )

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
