"""API routes of the HTCDS / CTDC data exchange, included under ``api/stats/exchange/``."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
