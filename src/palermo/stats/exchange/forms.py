"""Forms of the data-exchange pages: the field checks here, the rules in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.cases.vocab import ConsentPurpose
from palermo.stats.exchange.models import FileFormat


class PeriodForm(forms.Form):
    year_from = forms.IntegerField(
        label=_("From year (of identification)"), required=False, min_value=1900, max_value=9999
    )
    year_to = forms.IntegerField(
        label=_("To year (of identification)"), required=False, min_value=1900, max_value=9999
    )
    file_format = forms.ChoiceField(
        label=_("Format"), choices=FileFormat.choices, initial=FileFormat.CSV
    )


class HtcdsExportForm(PeriodForm):
    purpose = forms.ChoiceField(
        label=_("Purpose the partner receives the data for"),
        choices=ConsentPurpose.choices,
        initial=ConsentPurpose.SHARING_WITH_REFERRAL_AGENCIES,
        help_text=_(
            "Names and dates of birth are included only for persons whose consent for this "
            "purpose is in force."
        ),
    )
    include_identity = forms.BooleanField(
        label=_("Include identity columns (where consent covers the purpose)"), required=False
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("HTCDS file (CSV in UTF-8, or Excel .xlsx)"),
        help_text=_("The first line names the columns. All rows are imported, or none."),
    )
