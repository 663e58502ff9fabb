"""API routes of the shelters app, included by the project under ``api/shelters/``."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
