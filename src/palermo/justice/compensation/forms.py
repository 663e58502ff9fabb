"""Compensation forms: they parse and present; the rules live in services/."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Agency
from palermo.core.actions import DateInput, Refusal
from palermo.core.errors import ConflictError
from palermo.justice.compensation.models import MONEY_DIGITS, MONEY_PLACES
from palermo.justice.compensation.services import (
    AwardInput,
    ClaimInput,
    GrantInput,
    PaymentInput,
    ReceiptInput,
    ReversalInput,
)
from palermo.justice.models import Participant
from palermo.registries.models import InvolvedOrganisation


def money(
    label: str | Any, *, required: bool = True, help_text: str | Any = ""
) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class ServiceForm(forms.Form):
    """A form whose service refusals are shown next to its fields."""

    # The service's name of a field → the form's (the input holds an id, the form a choice).
    renamed: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def add_refusal(self, exc: ValidationError | ConflictError) -> None:
        Refusal.of(exc).add_to_form(self, self.renamed)


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: InvolvedOrganisation) -> str:
        return _("%(name)s (UNP %(number)s), confiscated %(amount)s %(currency)s") % {
            "name": obj.name,
            "number": obj.registration_number or "—",
            "amount": obj.confiscated_amount,
            "currency": obj.confiscated_currency,
        }


class ReceiptForm(ServiceForm):
    renamed = {"organisation_id": "organisation"}
    organisation = OrganisationChoice(
        label=_("Organisation whose property was confiscated"),
        queryset=InvolvedOrganisation.objects.none(),
        empty_label="—",
        help_text=_("Organisations of the list liquidated with their property confiscated."),
    )
    amount = money(_("Amount received (BYN)"))
    occurred_on = forms.DateField(label=_("Date received"), widget=DateInput)
    document_reference = forms.CharField(label=_("Bank document"), max_length=200)
    description = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, organisations: QuerySet[InvolvedOrganisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def receipt_input(self) -> ReceiptInput:
        d = self.cleaned_data
        return ReceiptInput(
            organisation_id=d["organisation"].pk,
            amount=d["amount"],
            occurred_on=d["occurred_on"],
            document_reference=d["document_reference"],
            description=d.get("description", ""),
        )


class AgencyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.display_name


class GrantForm(ServiceForm):
    renamed = {"grantee_id": "grantee"}
    grantee = AgencyChoice(
        label=_("Receiving agency"), queryset=Agency.objects.none(), empty_label="—"
    )
    programme = forms.CharField(
        label=_("Programme or purpose"), widget=forms.Textarea(attrs={"rows": 3})
    )
    amount = money(_("Amount (BYN)"))
    occurred_on = forms.DateField(label=_("Date paid"), widget=DateInput)
    document_reference = forms.CharField(label=_("Fund decision and payment order"), max_length=200)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grantee"].queryset = agencies  # type: ignore[attr-defined]

    def grant_input(self) -> GrantInput:
        d = self.cleaned_data
        return GrantInput(
            grantee_id=d["grantee"].pk,
            amount=d["amount"],
            occurred_on=d["occurred_on"],
            document_reference=d["document_reference"],
            programme=d["programme"],
        )


class ReversalForm(ServiceForm):
    occurred_on = forms.DateField(label=_("Date of the correction"), widget=DateInput)
    document_reference = forms.CharField(label=_("Document of the correction"), max_length=200)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def reversal_input(self) -> ReversalInput:
        d = self.cleaned_data
        return ReversalInput(
            occurred_on=d["occurred_on"],
            document_reference=d["document_reference"],
            reason=d["reason"],
        )


class PeriodForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=DateInput)
    date_to = forms.DateField(label=_("To"), widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class VictimChoice(forms.ModelChoiceField):
    """Victims by their reference number: compensation pages never show names."""

    def label_from_instance(self, obj: Participant) -> str:
        return str(_("Victim %(reference)s") % {"reference": obj.person.reference})


class ClaimForm(ServiceForm):
    filed_on = forms.DateField(label=_("Claim filed on"), widget=DateInput)
    moral_claimed = money(_("Moral damage claimed (BYN)"), help_text=_("0 if none."))
    material_claimed = money(_("Material damage claimed (BYN)"), help_text=_("0 if none."))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def claim_input(self) -> ClaimInput:
        d = self.cleaned_data
        return ClaimInput(
            filed_on=d["filed_on"],
            moral_claimed=d["moral_claimed"],
            material_claimed=d["material_claimed"],
            note=d.get("note", ""),
        )


class NewClaimForm(ClaimForm):
    renamed = {"participant_id": "participant"}
    participant = VictimChoice(
        label=_("Victim"), queryset=Participant.objects.none(), empty_label="—"
    )
    field_order = ["participant", "filed_on", "moral_claimed", "material_claimed", "note"]

    def __init__(self, *args: Any, victims: QuerySet[Participant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = victims  # type: ignore[attr-defined]


class AwardForm(ServiceForm):
    awarded_on = forms.DateField(label=_("Date of the judgment"), widget=DateInput)
    court = forms.CharField(label=_("Court"), max_length=200)
    judgment_reference = forms.CharField(label=_("Judgment (number and date)"), max_length=200)
    moral_awarded = money(_("Moral damage awarded (BYN)"), help_text=_("0 if none."))
    material_awarded = money(_("Material damage awarded (BYN)"), help_text=_("0 if none."))

    def award_input(self) -> AwardInput:
        d = self.cleaned_data
        return AwardInput(
            awarded_on=d["awarded_on"],
            court=d["court"],
            judgment_reference=d["judgment_reference"],
            moral_awarded=d["moral_awarded"],
            material_awarded=d["material_awarded"],
        )


class PaymentForm(ServiceForm):
    paid_on = forms.DateField(label=_("Date paid"), widget=DateInput)
    moral_amount = money(_("Moral damage paid (BYN)"), help_text=_("0 if none."))
    material_amount = money(_("Material damage paid (BYN)"), help_text=_("0 if none."))
    document_reference = forms.CharField(label=_("Payment document"), max_length=200)

    def payment_input(self) -> PaymentInput:
        d = self.cleaned_data
        return PaymentInput(
            paid_on=d["paid_on"],
            moral_amount=d["moral_amount"],
            material_amount=d["material_amount"],
            document_reference=d["document_reference"],
        )
