from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrossborderConfig(AppConfig):
    name = "palermo.crossborder"
    label = "crossborder"
    verbose_name = _("Cross-border referrals")
    default_auto_field = "django.db.models.BigAutoField"
