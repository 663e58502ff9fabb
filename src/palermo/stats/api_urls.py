"""API routes of the National Rapporteur's statistics, included under ``api/stats/``."""

from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("exchange/", include("palermo.stats.exchange.api_urls")),
]
