"""Pages of cross-border referrals, included by the project under ``crossborder/``."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
