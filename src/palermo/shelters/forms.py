"""Shelter forms: they parse and present; the rules live in services.py and the pack."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.cases.models import Case
from palermo.core.actions import DateInput
from palermo.jurisdictions.pack import get_pack
from palermo.shelters.file_facts import file_facts
from palermo.shelters.models import Facility
from palermo.shelters.queries import PlaceRow
from palermo.shelters.rules import residence_choices
from palermo.shelters.services import AdmissionInput, FacilityInput
from palermo.shelters.vocab import (
    Citizenship,
    Disease,
    Guard,
    GuardianRelation,
    Priority,
    Sex,
)


class FacilityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    region = forms.ChoiceField(label=_("Region"))
    address = forms.CharField(
        label=_("Address"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Stored encrypted. Only your agency's staff and national coordinators see it."),
    )
    guard = forms.ChoiceField(label=_("Guard"), choices=[("", "—"), *Guard.choices])
    guard_details = forms.CharField(
        label=_("Guard details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_(
            "E.g. the duty unit and how to call it. Stored encrypted, shown like the address."
        ),
    )
    admitted_groups = forms.MultipleChoiceField(
        label=_("Groups the facility admits"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=_("Open: admits residents"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        pack = get_pack()
        rules = pack.shelters
        region = cast(forms.ChoiceField, self.fields["region"])
        region.choices = [("", "—")] + [(r.code, r.name()) for r in pack.regions]
        groups = cast(forms.MultipleChoiceField, self.fields["admitted_groups"])
        groups.choices = [(g.code, g.name()) for g in rules.groups] if rules else []
        self.place_fields: list[str] = []
        for kind in rules.place_kinds if rules else ():
            name = f"places_{kind.code}"
            self.fields[name] = forms.IntegerField(
                label=_("Places: %(kind)s") % {"kind": kind.name()},
                required=False,
                min_value=0,
                max_value=500,
            )
            self.place_fields.append(name)

    def facility_input(self) -> FacilityInput:
        d = self.cleaned_data
        rules = get_pack().shelters
        return FacilityInput(
            name=d.get("name", ""),
            region=d.get("region", ""),
            address=d.get("address", ""),
            guard=d.get("guard", ""),
            guard_details=d.get("guard_details", ""),
            admitted_groups=list(d.get("admitted_groups") or []),
            places={
                k.code: d.get(f"places_{k.code}") or 0 for k in (rules.place_kinds if rules else ())
            },
            is_active=bool(d.get("is_active")),
        )

    @staticmethod
    def initial_for(facility: Facility) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": facility.name,
            "region": facility.region,
            "address": facility.address,
            "guard": facility.guard,
            "guard_details": facility.guard_details,
            "admitted_groups": list(facility.admitted_groups),
            "is_active": facility.is_active,
            "version": facility.version,
        }
        for row in facility.places.all():
            initial[f"places_{row.kind}"] = row.capacity
        return initial


class CaseChoiceForm(forms.Form):
    """Step one of an admission: which case (without JavaScript, a GET form)."""

    case = forms.TypedChoiceField(label=_("Case"), coerce=int)

    def __init__(self, *args: Any, cases: QuerySet[Case], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["case"])
        field.choices = [("", "—")] + [(c.pk, f"{c.reference} · {c.owning_agency}") for c in cases]


class AdmissionForm(forms.Form):
    place_kind = forms.ChoiceField(label=_("Kind of place"))
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices])
    age = forms.IntegerField(label=_("Age"), min_value=0, max_value=120)
    with_children = forms.BooleanField(label=_("Comes with her or his children"), required=False)
    pregnant = forms.BooleanField(label=_("Pregnant"), required=False)
    residence_region = forms.ChoiceField(label=_("Lives in"))
    citizenship = forms.ChoiceField(
        label=_("Citizenship"), choices=[("", "—"), *Citizenship.choices]
    )
    disease = forms.ChoiceField(
        label=_("Diseases and infections"),
        choices=Disease.choices,
        initial=Disease.NONE,
        widget=forms.RadioSelect,
        help_text=_("Stored encrypted. As the health organisation has classed them."),
    )
    guardian_relation = forms.ChoiceField(
        label=_("Permission for a minor given by"),
        required=False,
        choices=[("", _("No permission recorded")), *GuardianRelation.choices],
    )
    guardian_name = forms.CharField(
        label=_("Name of the parent or guardian"),
        required=False,
        max_length=200,
        help_text=_("Stored encrypted."),
    )
    guardian_permission_on = forms.DateField(
        label=_("Date of the permission"), required=False, widget=DateInput
    )
    override_reason = forms.CharField(
        label=_("Reason for a value different from the case file"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Sex, age and citizenship are filled in from the case file. Change one only with a "
            "reason (e.g. a passport shows another date of birth); it is stored encrypted."
        ),
    )
    admitted_on = forms.DateField(label=_("Admitted on"), required=False, widget=DateInput)
    priority = forms.ChoiceField(
        label=_("Priority on the waiting list"), choices=Priority.choices, initial=Priority.NORMAL
    )
    case = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, places: list[PlaceRow], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        place_kind = cast(forms.ChoiceField, self.fields["place_kind"])
        place_kind.choices = [("", "—")] + [
            (p.kind, _("%(kind)s (%(free)d free of %(capacity)d)")
             % {"kind": p.name, "free": p.free, "capacity": p.capacity})
            for p in places
        ]  # fmt: skip
        residence = cast(forms.ChoiceField, self.fields["residence_region"])
        residence.choices = [("", "—"), *residence_choices()]

    def admission_input(self) -> AdmissionInput:
        d = self.cleaned_data
        return AdmissionInput(
            place_kind=d.get("place_kind", ""),
            sex=d.get("sex", ""),
            age=d.get("age"),
            with_children=bool(d.get("with_children")),
            pregnant=bool(d.get("pregnant")),
            residence_region=d.get("residence_region", ""),
            citizenship=d.get("citizenship", ""),
            disease=d.get("disease", ""),
            guardian_relation=d.get("guardian_relation", ""),
            guardian_name=d.get("guardian_name", ""),
            guardian_permission_on=d.get("guardian_permission_on"),
            admitted_on=d.get("admitted_on"),
            priority=d.get("priority") or Priority.NORMAL,
            override_reason=d.get("override_reason", ""),
        )

    @staticmethod
    def initial_for(case: Case, today: date | None = None) -> dict[str, Any]:
        """What the case already says: sex, age, citizenship, region (the user checks them)."""
        today = today or timezone.localdate()
        initial: dict[str, Any] = {
            "case": case.pk,
            "residence_region": case.region,
            "admitted_on": today,
            **file_facts(case, today).as_dict(),
        }
        return initial


class TransferForm(forms.Form):
    to_facility = forms.TypedChoiceField(label=_("To facility"), coerce=int)
    place_kind = forms.ChoiceField(label=_("Kind of place"))
    transferred_on = forms.DateField(label=_("Date of the transfer"), widget=DateInput)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        facilities: list[Facility],
        places: dict[int, list[PlaceRow]],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        target = cast(forms.TypedChoiceField, self.fields["to_facility"])
        target.choices = [("", "—")] + [
            (f.pk, f"{f.name} — " + ", ".join(f"{p.name}: {p.free}" for p in places.get(f.pk, [])))
            for f in facilities
        ]
        rules = get_pack().shelters
        kind = cast(forms.ChoiceField, self.fields["place_kind"])
        kind.choices = [("", "—")] + [
            (k.code, k.name()) for k in (rules.place_kinds if rules else ())
        ]


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
