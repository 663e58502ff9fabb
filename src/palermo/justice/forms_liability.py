"""Forms for the liability of persons and organisations involved in trafficking: Art. 30
decisions on foreign nationals and administrative offences. The rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.jurisdictions.pack import get_pack
from palermo.justice.forms import BaseForm, DateInput, country_choices
from palermo.justice.rules import justice_rules
from palermo.justice.services import ConsequenceInput, OffenceInput
from palermo.justice.vocab import OffenderKind, PenaltyUnit
from palermo.people.vocab import CitizenshipStatus


class ProceedingsChoice:
    """An optional link to criminal proceedings the user may see; the field is left out when
    there are none (a migration officer sees no proceedings)."""

    fields: dict[str, forms.Field]

    def add_proceedings(self, choices: list[tuple[int, str]]) -> None:
        if choices:
            self.fields["proceedings"] = forms.TypedChoiceField(
                label=_("Criminal proceedings"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "—"), *choices],
            )


class ConsequenceForm(ProceedingsChoice, BaseForm):
    kind = forms.ChoiceField(label=_("Consequence"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decided_on = forms.DateField(label=_("Decision date"), widget=DateInput)
    issuing_body = forms.CharField(
        label=_("Issuing body"),
        max_length=300,
        help_text=_(
            "The body that took the decision, e.g. a citizenship and migration department."
        ),
    )
    stay_until = forms.DateField(
        label=_("Stay shortened until"),
        required=False,
        widget=DateInput,
        help_text=_("Only for a shortened stay: the new last day of the stay."),
    )
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=200)
    given_name = forms.CharField(label=_("Given name"), required=False, max_length=200)
    patronymic = forms.CharField(label=_("Patronymic"), required=False, max_length=200)
    family_name_latin = forms.CharField(
        label=_("Family name (Latin letters)"), required=False, max_length=200
    )
    given_name_latin = forms.CharField(
        label=_("Given name (Latin letters)"), required=False, max_length=200
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DateInput)
    citizenship_status = forms.ChoiceField(
        label=_("Citizenship status"), choices=CitizenshipStatus.choices
    )
    citizenship = forms.ChoiceField(label=_("Citizenship"), required=False)
    grounds = forms.CharField(
        label=_("Grounds"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "How the person is involved in trafficking. Stored encrypted; not shown in the expulsion check."
        ),
    )

    def __init__(
        self, *args: Any, proceedings: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.add_proceedings(proceedings or [])
        rules = justice_rules().foreign_nationals
        kinds = rules.kinds if rules else ()
        self.fields["kind"].choices = [("", "—"), *[(k.code, k.name()) for k in kinds]]  # type: ignore[attr-defined]
        self.fields["citizenship"].choices = country_choices()  # type: ignore[attr-defined]

    def consequence_input(self) -> ConsequenceInput:
        d = self.cleaned_data
        return ConsequenceInput(
            kind=d.get("kind", ""),
            decision_number=d.get("decision_number", ""),
            decided_on=d.get("decided_on"),
            issuing_body=d.get("issuing_body", ""),
            stay_until=d.get("stay_until"),
            family_name=d.get("family_name", ""),
            given_name=d.get("given_name", ""),
            patronymic=d.get("patronymic", ""),
            family_name_latin=d.get("family_name_latin", ""),
            given_name_latin=d.get("given_name_latin", ""),
            date_of_birth=d.get("date_of_birth"),
            citizenship_status=d.get("citizenship_status", ""),
            citizenship=d.get("citizenship", ""),
            grounds=d.get("grounds", ""),
            proceedings_id=d.get("proceedings"),
        )


class OffenceForm(ProceedingsChoice, BaseForm):
    article = forms.ChoiceField(label=_("Article"))
    offender_kind = forms.ChoiceField(
        label=_("Offender"), choices=[("", "—"), *OffenderKind.choices]
    )
    family_name = forms.CharField(
        label=_("Family name"),
        required=False,
        max_length=200,
        help_text=_("For a natural person."),
    )
    given_name = forms.CharField(label=_("Given name"), required=False, max_length=200)
    patronymic = forms.CharField(label=_("Patronymic"), required=False, max_length=200)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    citizenship = forms.ChoiceField(label=_("Citizenship"), required=False)
    organisation_name = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=300,
        help_text=_("For an organisation (legal person)."),
    )
    taxpayer_number = forms.CharField(label=_("Taxpayer number"), required=False, max_length=20)
    offence_date = forms.DateField(label=_("Date of the offence"), required=False, widget=DateInput)
    decided_on = forms.DateField(label=_("Decision date"), widget=DateInput)
    deciding_body = forms.CharField(label=_("Deciding body"), max_length=300)
    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=60)
    penalty = forms.ChoiceField(label=_("Penalty"))
    penalty_amount = forms.DecimalField(
        label=_("Amount"),
        required=False,
        max_digits=12,
        decimal_places=2,
        help_text=_("Fines in base units, community service in hours, arrest in days."),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted."),
    )

    def __init__(
        self, *args: Any, proceedings: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.add_proceedings(proceedings or [])
        rules = justice_rules().offences
        units = dict(PenaltyUnit.choices)
        self.fields["article"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *[(a.key, a.basis.label()) for a in (rules.articles if rules else ())],
        ]
        self.fields["penalty"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *[
                (p.code, f"{p.name()} ({units.get(p.unit, p.unit)})" if p.has_amount else p.name())
                for p in (rules.penalties if rules else ())
            ],
        ]
        self.fields["citizenship"].choices = country_choices()  # type: ignore[attr-defined]
        self.fields["region"].choices = [  # type: ignore[attr-defined]
            ("", _("The region of my agency")),
            *[(r.code, r.name()) for r in get_pack().regions],
        ]

    def offence_input(self) -> OffenceInput:
        d = self.cleaned_data
        return OffenceInput(
            offender_kind=d.get("offender_kind", ""),
            family_name=d.get("family_name", ""),
            given_name=d.get("given_name", ""),
            patronymic=d.get("patronymic", ""),
            date_of_birth=d.get("date_of_birth"),
            citizenship=d.get("citizenship", ""),
            organisation_name=d.get("organisation_name", ""),
            taxpayer_number=d.get("taxpayer_number", ""),
            article=d.get("article", ""),
            offence_date=d.get("offence_date"),
            decided_on=d.get("decided_on"),
            deciding_body=d.get("deciding_body", ""),
            decision_number=d.get("decision_number", ""),
            penalty=d.get("penalty", ""),
            penalty_amount=d.get("penalty_amount"),
            region=d.get("region", ""),
            notes=d.get("notes", ""),
            proceedings_id=d.get("proceedings"),
        )
