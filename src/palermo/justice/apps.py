from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JusticeConfig(AppConfig):
    name = "palermo.justice"
    label = "justice"
    verbose_name = _("Criminal proceedings")
    default_auto_field = "django.db.models.BigAutoField"
