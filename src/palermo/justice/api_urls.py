"""API routes of the justice app, included by the project under ``api/justice/``."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
