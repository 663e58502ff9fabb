"""The project's URLs plus a bare JSON view: the baseline of the page benchmark. It runs behind
the same middleware (sessions, authentication, second factor, CSRF, htmx) as every page, so that
a page's ratio to it measures the page's own work."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, path

from palermo.urls import urlpatterns as project_urlpatterns


def bare(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/bare/", bare, name="bench-bare"),
    *project_urlpatterns,
]
