"""Forms of the administration area. Validation that matters lives in the services
(accounts/administration.py): these forms only read the input and show the errors by field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Agency
from palermo.accounts.roles import Role
from palermo.jurisdictions.pack import get_pack


class ServiceErrorsMixin:
    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for field, messages in errors.items():
            target = field if field in self.fields else None  # type: ignore[attr-defined]
            for message in messages:
                self.add_error(target, message)  # type: ignore[attr-defined]


def _role_choices(roles: list[Role]) -> list[tuple[str, Any]]:
    return [(r.code, r.label) for r in roles]


class InviteForm(ServiceErrorsMixin, forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, agencies: QuerySet[Agency], roles: list[Role], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["role"].choices = _role_choices(roles)  # type: ignore[attr-defined]


class UserForm(ServiceErrorsMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class MembershipForm(ServiceErrorsMixin, forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    role = forms.ChoiceField(label=_("Role"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], roles: list[Role], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["agency"].queryset = agencies.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["role"].choices = _role_choices(roles)  # type: ignore[attr-defined]


class RoleChangeForm(ServiceErrorsMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, roles: list[Role], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["role"].choices = _role_choices(roles)  # type: ignore[attr-defined]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AgencyForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"))
    region = forms.ChoiceField(label=_("Region"), required=False)
    email = forms.EmailField(label=_("Notification e-mail"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kw: Any):
        super().__init__(*args, **kw)
        pack = get_pack()
        self.fields["kind"].choices = [(k.code, k.name()) for k in pack.agency_kinds]  # type: ignore[attr-defined]
        self.fields["region"].choices = [("", _("Whole country"))] + [  # type: ignore[attr-defined]
            (r.code, r.name()) for r in pack.regions
        ]


class AcceptInvitationForm(ServiceErrorsMixin, forms.Form):
    password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("The password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
