"""API routes of the compensation app, included by the project under ``api/compensation/``."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
