"""Pages of the core: the API reference, and the answer to a URL that matches nothing."""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found


# Redoc (served from the app by drf-spectacular-sidecar) styles itself with generated <style>
# elements and renders in a web worker: on this page only, and for styles only, the policy
# allows inline styles and blob: workers. Scripts stay as strict as everywhere else.
@csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})
def api_docs(request: HttpRequest) -> HttpResponse:
    return render(request, "core/api_docs.html")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 for a URL that matches no route: the API answers in JSON like its views do
    (``{"detail": ...}``), pages get the site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return page_not_found(request, exception or Http404())
