from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "palermo.cases"
    label = "cases"
    verbose_name = _("Cases")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from palermo.cases.services.persons import CaseRecordsForPeople
        from palermo.people._cases import register_case_records

        # The people app asks this app for cases (duplicate checks, merges) through this port.
        register_case_records(CaseRecordsForPeople())
