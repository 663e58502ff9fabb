"""API routes of the data lifecycle (retention, shredding, subject access), included by the project under ``api/lifecycle/``."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
