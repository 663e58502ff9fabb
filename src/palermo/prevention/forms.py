from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Agency
from palermo.jurisdictions.pack import get_pack
from palermo.prevention.models import Activity
from palermo.prevention.services import ActivityInput
from palermo.prevention.vocab import ActivityType, Audience


class DateInput(forms.DateInput):
    input_type = "date"


class ActivityForm(forms.Form):
    activity_type = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *ActivityType.choices])
    title = forms.CharField(label=_("Title"), max_length=300)
    organiser = forms.ModelChoiceField(
        label=_("Organiser"), queryset=Agency.objects.filter(is_active=True), required=False
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    starts_on = forms.DateField(label=_("Date"), widget=DateInput)
    ends_on = forms.DateField(
        label=_("Until (for activities over several days)"), required=False, widget=DateInput
    )
    audiences = forms.MultipleChoiceField(
        label=_("Audience"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    items = forms.IntegerField(
        label=_("Number of items"), min_value=1, initial=1,
        help_text=_("For example 363 publications recorded at once; 1 for a single event."),
    )  # fmt: skip
    reach = forms.IntegerField(label=_("People reached"), min_value=0, initial=0)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, can_choose_organiser: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("National"))] + [  # type: ignore[attr-defined]
            (r.code, r.name()) for r in get_pack().regions
        ]
        if not can_choose_organiser:
            del self.fields["organiser"]

    def activity_input(self) -> ActivityInput:
        d = self.cleaned_data
        organiser = d.get("organiser")
        return ActivityInput(
            activity_type=d.get("activity_type", ""),
            title=d.get("title", ""),
            organiser_id=organiser.pk if organiser else None,
            region=d.get("region", ""),
            starts_on=d.get("starts_on"),
            ends_on=d.get("ends_on"),
            audiences=list(d.get("audiences", [])),
            items=d.get("items") or 0,
            reach=-1 if d.get("reach") is None else int(d["reach"]),
            notes=d.get("notes", ""),
        )

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)

    @classmethod
    def initial_for(cls, activity: Activity) -> dict[str, Any]:
        return {
            "activity_type": activity.activity_type,
            "title": activity.title,
            "organiser": activity.organiser_id,
            "region": activity.region,
            "starts_on": activity.starts_on,
            "ends_on": activity.ends_on,
            "audiences": activity.audience_codes,
            "items": activity.items,
            "reach": activity.reach,
            "notes": activity.notes,
            "version": activity.version,
        }
