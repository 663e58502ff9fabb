"""Forms for the parts of a case: screening, status decision, consent, closure.

They parse what the user sent into the services' input dataclasses; every rule is checked by the
services, whose field errors the views put back on these forms (``add_service_errors``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.cases.forms.case import DateInput, _country_choices
from palermo.cases.models import Case
from palermo.cases.models.consent import CHECKLIST, Consent
from palermo.cases.services import (
    CaseStatusInput,
    ConsentInput,
    DecisionInput,
    ScreeningInput,
    is_minor_on,
    validate_close,
    validate_consent,
    validate_decision,
    validate_reopen,
    validate_screening,
)
from palermo.cases.vocab import (
    AgeGroup,
    CaseStatus,
    ClosureReason,
    ConsentGiver,
    ConsentPurpose,
    ExploitationForm,
    TraffickingStatus,
)
from palermo.jurisdictions.pack import get_pack
from palermo.jurisdictions.screening import AGE_GROUPS, Indicator, IndicatorGroup
from palermo.people.vocab import Gender

STRENGTH_LABELS = {"strong": _("strong"), "medium": _("medium"), "weak": _("weak")}


class ServiceForm(forms.Form):
    """A form that shows the services' field errors next to its fields."""

    # Service error keys that name another field of the form.
    error_aliases: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            name = self.error_aliases.get(name, name)
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)

    def service_errors(self) -> dict[str, list[str]]:
        """The services' verdict on the input so far (overridden per form)."""
        return {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Run the service's rules now too, so the user sees every problem at once rather than
        # the form's first and the service's on the next attempt.
        for name, messages in self.service_errors().items():
            name = self.error_aliases.get(name, name)
            if name in self.errors:
                continue  # the form already said what is wrong with this field
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        return data


# --- screening -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorChoice:
    indicator: Indicator
    checked: bool

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def strength_label(self) -> str:
        """ "strong", or "weak for adults, medium for children", or "children only: medium"."""
        s = self.indicator.strengths
        if set(s) == set(AGE_GROUPS) and len(set(s.values())) == 1:
            return str(STRENGTH_LABELS[s["adult"]])
        if set(s) == {"child"}:
            return str(_("children only: %(strength)s") % {"strength": STRENGTH_LABELS[s["child"]]})
        if set(s) == {"adult"}:
            return str(_("adults only: %(strength)s") % {"strength": STRENGTH_LABELS[s["adult"]]})
        return str(
            _("adults: %(adult)s, children: %(child)s")
            % {"adult": STRENGTH_LABELS[s["adult"]], "child": STRENGTH_LABELS[s["child"]]}
        )


class ScreeningForm(ServiceForm):
    """Indicators come from the pack; the template shows them grouped, with their strength."""

    age_group = forms.ChoiceField(
        label=_("Screen the person as"),
        choices=AgeGroup.choices,
        widget=forms.RadioSelect,
        help_text=_("If the person may be under 18, screen as a child."),
    )
    screened_on = forms.DateField(label=_("Date of screening"), widget=DateInput)
    indicators = forms.MultipleChoiceField(
        label=_("Indicators present"), required=False, widget=forms.CheckboxSelectMultiple
    )
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=200)
    given_name = forms.CharField(label=_("Given name"), required=False, max_length=200)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    gender = forms.ChoiceField(
        label=_("Sex / gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    citizenship = forms.ChoiceField(label=_("Citizenship"), required=False)
    country_of_exploitation = forms.ChoiceField(label=_("Country of exploitation"), required=False)
    exploitation_forms = forms.MultipleChoiceField(
        label=_("Suspected forms of exploitation"),
        choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Stored encrypted. What you observed, in your words."),
    )

    PERSON_FIELDS = (
        "family_name", "given_name", "date_of_birth", "gender", "citizenship",
        "country_of_exploitation", "exploitation_forms",
    )  # fmt: skip

    def __init__(self, *args: Any, for_case: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.for_case = for_case
        self.scheme = get_pack().screening
        groups = self.scheme.groups if self.scheme else ()
        self.fields["indicators"].choices = [  # type: ignore[attr-defined]
            (i.code, i.name()) for g in groups for i in g.indicators
        ]
        if for_case:
            for name in self.PERSON_FIELDS:
                del self.fields[name]
        else:
            countries = _country_choices()
            self.fields["citizenship"].choices = countries  # type: ignore[attr-defined]
            self.fields["country_of_exploitation"].choices = countries  # type: ignore[attr-defined]

    @property
    def person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.PERSON_FIELDS if name in self.fields]

    def checked_codes(self) -> set[str]:
        if self.is_bound:
            return set(self.data.getlist("indicators") if hasattr(self.data, "getlist") else [])
        return set(self.initial.get("indicators", []))

    @property
    def indicator_groups(self) -> list[tuple[IndicatorGroup, list[IndicatorChoice]]]:
        checked = self.checked_codes()
        groups = self.scheme.groups if self.scheme else ()
        return [(g, [IndicatorChoice(i, i.code in checked) for i in g.indicators]) for g in groups]

    def service_errors(self) -> dict[str, list[str]]:
        return validate_screening(self.screening_input().cleaned(), for_case=self.for_case)

    def screening_input(self) -> ScreeningInput:
        d = self.cleaned_data
        return ScreeningInput(
            age_group=d.get("age_group", ""),
            screened_on=d.get("screened_on"),
            indicators=list(d.get("indicators", [])),
            family_name=d.get("family_name", ""),
            given_name=d.get("given_name", ""),
            date_of_birth=d.get("date_of_birth"),
            gender=d.get("gender", ""),
            citizenship=d.get("citizenship", ""),
            country_of_exploitation=d.get("country_of_exploitation", ""),
            exploitation_forms=list(d.get("exploitation_forms", [])),
            notes=d.get("notes", ""),
        )


# --- status decision -------------------------------------------------------------------------


class DecisionForm(ServiceForm):
    """The outcome and its legal basis in one choice, grouped by outcome: a basis may serve both."""

    decision = forms.ChoiceField(
        label=_("Decision and its legal basis"),
        help_text=_("The bases this jurisdiction allows for each decision."),
    )
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DateInput)
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Stored encrypted. Shown only to those who may see the person's identity."),
    )
    expected_status = forms.CharField(widget=forms.HiddenInput)

    error_aliases = {"outcome": "decision", "legal_basis": "decision"}

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        rules = get_pack().status_decisions
        outcomes = dict(TraffickingStatus.choices)
        choices: list[tuple[str, Any]] = [("", "—")]
        if rules is not None:
            for outcome in (TraffickingStatus.ACTUAL, TraffickingStatus.NOT_A_VICTIM):
                options = [(f"{outcome}:{b.key}", b.label()) for b in rules.bases_for(outcome)]
                choices.append((str(outcomes[outcome]), options))
        self.fields["decision"].choices = choices  # type: ignore[attr-defined]
        self.fields["decided_on"].initial = timezone.localdate()

    def service_errors(self) -> dict[str, list[str]]:
        return validate_decision(self.case, self.decision_input().cleaned())

    def decision_input(self) -> DecisionInput:
        d = self.cleaned_data
        outcome, _sep, basis = d.get("decision", "").partition(":")
        return DecisionInput(
            outcome=outcome,
            legal_basis=basis,
            decided_on=d.get("decided_on"),
            reasons=d.get("reasons", ""),
        )


# --- consent ---------------------------------------------------------------------------------


class ConsentForm(ServiceForm):
    purpose = forms.ChoiceField(label=_("Consent to"), choices=[("", "—"), *ConsentPurpose.choices])
    given_on = forms.DateField(label=_("Date given"), widget=DateInput)
    given_by = forms.ChoiceField(label=_("Given by"), choices=ConsentGiver.choices)
    giver_name = forms.CharField(
        label=_("Name of the parent, guardian or other person who gave it"),
        required=False,
        max_length=200,
        help_text=_("Required when someone other than the person gives consent. Stored encrypted."),
    )
    purpose_explained = forms.BooleanField(label=_("The purpose was explained"), required=False)
    uses_explained = forms.BooleanField(
        label=_("Who will use the data, and how, was explained"), required=False
    )
    research_use_explained = forms.BooleanField(
        label=_("Whether the data may be used for research was explained"), required=False
    )
    right_of_access_explained = forms.BooleanField(
        label=_("The right to see one's own data was explained"), required=False
    )
    retention_explained = forms.BooleanField(
        label=_("How long the data are kept was explained"), required=False
    )
    withdrawal_explained = forms.BooleanField(
        label=_("How to withdraw consent, at any time, was explained"), required=False
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["given_on"].initial = timezone.localdate()
        if is_minor_on(case, timezone.localdate()):
            self.fields["given_by"].initial = ConsentGiver.PARENT

    def service_errors(self) -> dict[str, list[str]]:
        return validate_consent(self.case, self.consent_input().cleaned())

    @property
    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("purpose", "given_on", "given_by", "giver_name")]

    @property
    def checklist_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in CHECKLIST]

    def consent_input(self) -> ConsentInput:
        d = self.cleaned_data
        return ConsentInput(
            purpose=d.get("purpose", ""),
            given_on=d.get("given_on"),
            given_by=d.get("given_by", ""),
            giver_name=d.get("giver_name", ""),
            **{name: bool(d.get(name)) for name in CHECKLIST},
        )


class WithdrawConsentForm(ServiceForm):
    withdrawn_on = forms.DateField(label=_("Date withdrawn"), widget=DateInput)
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Stored encrypted."),
    )

    def __init__(self, *args: Any, consent: Consent | None = None, **kwargs: Any) -> None:
        if consent is not None:
            kwargs.setdefault("prefix", f"withdraw-{consent.pk}")
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate()


# --- closure ---------------------------------------------------------------------------------


class CaseStatusForm(ServiceForm):
    closing = True

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["on"].initial = timezone.localdate()

    def status_input(self) -> CaseStatusInput:
        raise NotImplementedError

    def service_errors(self) -> dict[str, list[str]]:
        data = self.status_input().cleaned()
        return validate_close(self.case, data) if self.closing else validate_reopen(self.case, data)


class CloseCaseForm(CaseStatusForm):
    status = forms.ChoiceField(
        label=_("Close as"),
        choices=[(s, CaseStatus(s).label) for s in (CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED)],
        widget=forms.RadioSelect,
        initial=CaseStatus.CLOSED,
    )
    on = forms.DateField(label=_("Date closed"), widget=DateInput)
    reason = forms.ChoiceField(
        label=_("Reason for closing"), choices=[("", "—"), *ClosureReason.choices]
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted."),
    )
    expected_status = forms.CharField(widget=forms.HiddenInput)

    def status_input(self) -> CaseStatusInput:
        d = self.cleaned_data
        return CaseStatusInput(
            status=d.get("status", ""),
            on=d.get("on"),
            reason=d.get("reason", ""),
            note=d.get("note", ""),
        )


class ReopenCaseForm(CaseStatusForm):
    closing = False

    status = forms.ChoiceField(
        label=_("Reopen as"),
        choices=[(s, CaseStatus(s).label) for s in (CaseStatus.ACTIVE, CaseStatus.FOLLOW_UP)],
        widget=forms.RadioSelect,
        initial=CaseStatus.ACTIVE,
    )
    on = forms.DateField(label=_("Date reopened"), widget=DateInput)
    note = forms.CharField(
        label=_("Why the case is reopened (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted."),
    )
    expected_status = forms.CharField(widget=forms.HiddenInput)

    def status_input(self) -> CaseStatusInput:
        d = self.cleaned_data
        return CaseStatusInput(status=d.get("status", ""), on=d.get("on"), note=d.get("note", ""))
