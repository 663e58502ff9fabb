"""Cross-border forms: they parse and present; the rules live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from palermo.accounts.models import Agency
from palermo.cases.vocab import ExploitationForm
from palermo.crossborder.models import Partner
from palermo.crossborder.package import MAX_PACKAGE_BYTES
from palermo.crossborder.services import AnswerInput, PartnerInput, SendInput
from palermo.crossborder.vocab import Decision, PartnerKind, ReferralReason, SharedPart
from palermo.jurisdictions.pack import get_pack


class ServiceErrorsMixin:
    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        aliases = {"partner": "partner_id", "receiving_agency": "receiving_agency_id"}
        for name, messages in errors.items():
            name = aliases.get(name, name)
            target = name if name in self.fields else None  # type: ignore[attr-defined]
            for message in messages:
                self.add_error(target, message)  # type: ignore[attr-defined]


class PartnerForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerKind.choices)
    country = forms.ChoiceField(label=_("Country"), required=False)
    encryption_key = forms.CharField(
        label=_("Encryption public key (X25519, base64)"), max_length=64
    )
    signing_key = forms.CharField(label=_("Signing public key (Ed25519, base64)"), max_length=64)
    endpoint_url = forms.CharField(
        label=_("Address of its inbox (optional)"),
        max_length=200,
        required=False,
        help_text=_("For a partner running Palermo: https://…/api/crossborder/inbox/"),
    )
    receiving_agency_id = forms.TypedChoiceField(
        label=_("Agency that receives its referrals"), coerce=int
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]  # type: ignore[attr-defined]
        agencies = Agency.objects.filter(is_active=True).order_by("name")
        agency_choices = [("", "—")] + [(a.pk, a.display_name) for a in agencies]
        self.fields["receiving_agency_id"].choices = agency_choices  # type: ignore[attr-defined]

    def partner_input(self) -> PartnerInput:
        return PartnerInput(**self.cleaned_data)


class SendForm(ServiceErrorsMixin, forms.Form):
    partner_id = forms.TypedChoiceField(label=_("Partner abroad"), coerce=int)
    parts = forms.MultipleChoiceField(
        label=_("What to share"),
        choices=SharedPart.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what the partner needs: every part ticked leaves the country."),
    )
    reason = forms.ChoiceField(label=_("Reason for the referral"), choices=ReferralReason.choices)
    note = forms.CharField(
        label=_("Note to the partner"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    valid_days = forms.IntegerField(
        label=_("The package expires after (days)"), min_value=1, max_value=90, initial=14
    )

    def __init__(self, *args: Any, partners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, str]] = [("", "—")]
        for partner in partners if partners is not None else Partner.objects.none():
            choices.append((partner.pk, f"{partner.name} ({partner.country or '—'})"))
        self.fields["partner_id"].choices = choices  # type: ignore[attr-defined]

    def send_input(self) -> SendInput:
        d = self.cleaned_data
        return SendInput(
            partner_id=d["partner_id"],
            parts=list(d["parts"]),
            reason=d["reason"],
            note=d["note"],
            valid_days=d["valid_days"],
        )


class UploadForm(forms.Form):
    package_file = forms.FileField(label=_("Package file"), required=False)
    package_text = forms.CharField(
        label=_("…or paste the package"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        strip=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("package_file")
        if upload is not None:
            if upload.size > MAX_PACKAGE_BYTES:
                self.add_error("package_file", _("The file is too large for a package."))
                return data
            data["package"] = upload.read()
        elif data.get("package_text", "").strip():
            data["package"] = data["package_text"]
        else:
            self.add_error("package_file", _("Choose the package file or paste its text."))
        return data


class AnswerForm(ServiceErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Answer"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason (required when declining)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    region = forms.ChoiceField(label=_("Region of the new case"), required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=200, required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=200, required=False)
    exploitation_forms = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = [("", "—")] + [(r.code, r.name()) for r in get_pack().regions]
        self.fields["region"].choices = regions  # type: ignore[attr-defined]

    def answer_input(self) -> AnswerInput:
        d = dict(self.cleaned_data)
        d.pop("expected_version")
        d["exploitation_forms"] = list(d["exploitation_forms"])
        return AnswerInput(**d)
