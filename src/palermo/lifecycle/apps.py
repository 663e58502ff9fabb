from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifecycleConfig(AppConfig):
    name = "palermo.lifecycle"
    label = "lifecycle"
    verbose_name = _("Data lifecycle")
    default_auto_field = "django.db.models.BigAutoField"
