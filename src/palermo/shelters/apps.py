from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShelterConfig(AppConfig):
    name = "palermo.shelters"
    label = "shelters"
    verbose_name = _("Shelters")
    default_auto_field = "django.db.models.BigAutoField"
