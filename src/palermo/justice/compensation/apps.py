from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompensationConfig(AppConfig):
    name = "palermo.justice.compensation"
    label = "compensation"
    verbose_name = _("Compensation and the fund")
    default_auto_field = "django.db.models.BigAutoField"
