from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "palermo.prevention"
    label = "prevention"
    verbose_name = _("Prevention")
    default_auto_field = "django.db.models.BigAutoField"
