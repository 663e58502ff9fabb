"""Pages of the National Rapporteur's statistics, included by the project under ``stats/``."""

from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("exchange/", include("palermo.stats.exchange.urls")),
]
