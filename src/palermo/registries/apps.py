from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistriesConfig(AppConfig):
    name = "palermo.registries"
    label = "registries"
    verbose_name = _("Registries")
    default_auto_field = "django.db.models.BigAutoField"
