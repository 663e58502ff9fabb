"""The form that records the notification of the child-protection authority for a minor."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.cases.forms.case import DateInput
from palermo.cases.forms.parts import ServiceForm
from palermo.cases.models import Case
from palermo.cases.services import ChildNoticeInput, child_protection_rules, validate_child_notice
from palermo.cases.vocab import GuardianRole, InformedHow


class ChildProtectionForm(ServiceForm):
    authority_name = forms.CharField(
        label=_("Child-protection authority notified"),
        max_length=300,
        required=False,
        help_text=_("The body, e.g. the guardianship and custody authority of the district."),
    )
    notified_on = forms.DateField(
        label=_("Authority notified on"), widget=DateInput, required=False
    )
    notified_how = forms.ChoiceField(
        label=_("How the authority was notified"),
        choices=[("", "—"), *InformedHow.choices],
        required=False,
    )
    guardian_role = forms.ChoiceField(
        label=_("Parent or guardian"), choices=[("", "—"), *GuardianRole.choices], required=False
    )
    guardian_name = forms.CharField(
        label=_("Name of the parent or guardian"),
        max_length=200,
        required=False,
        help_text=_("Stored encrypted."),
    )
    guardian_informed_on = forms.DateField(
        label=_("Guardian informed on"), widget=DateInput, required=False
    )
    guardian_informed_how = forms.ChoiceField(
        label=_("How the guardian was informed"),
        choices=[("", "—"), *InformedHow.choices],
        required=False,
    )
    guardian_not_informed_reason = forms.CharField(
        label=_("Why the guardian was not informed"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        required=False,
        help_text=_(
            "Only when the guardian was not informed, e.g. because they are suspected of taking "
            "part in the trafficking. Stored encrypted."
        ),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        rules = child_protection_rules()
        if rules is not None:
            self.fields["authority_name"].initial = rules.authority_name()

    def service_errors(self) -> dict[str, list[str]]:
        return validate_child_notice(self.case, self.notice_input().cleaned())

    def notice_input(self) -> ChildNoticeInput:
        d = self.cleaned_data
        return ChildNoticeInput(
            authority_name=d.get("authority_name", ""),
            notified_on=d.get("notified_on"),
            notified_how=d.get("notified_how", ""),
            guardian_role=d.get("guardian_role", ""),
            guardian_name=d.get("guardian_name", ""),
            guardian_informed_on=d.get("guardian_informed_on"),
            guardian_informed_how=d.get("guardian_informed_how", ""),
            guardian_not_informed_reason=d.get("guardian_not_informed_reason", ""),
        )
