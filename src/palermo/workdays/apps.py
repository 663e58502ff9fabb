from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "palermo.workdays"
    label = "workdays"
    verbose_name = _("Transfers of working days")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from palermo.workdays.services import install

        install()
