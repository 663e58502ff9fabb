"""API routes of cross-border referrals, included by the project under ``api/crossborder/``."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
