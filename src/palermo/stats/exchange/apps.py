from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsExchangeConfig(AppConfig):
    """HTCDS / CTDC data exchange: anonymous and partner exports, imports, bulk synthetic data."""

    name = "palermo.stats.exchange"
    label = "stats_exchange"
    verbose_name = _("Data exchange (HTCDS / CTDC)")
    default_auto_field = "django.db.models.BigAutoField"
