"""Pages of the data lifecycle (retention, shredding, subject access), included by the project under ``lifecycle/``."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
