"""Pages of the HTCDS / CTDC data exchange, included under ``stats/exchange/``."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
