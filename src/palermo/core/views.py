"""Pages of the core: the API reference, and the answer to a URL that matches nothing."""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults


# Redoc (served from the app by drf-spectacular-sidecar) styles itself with generated <style>
# elements and renders in a web worker: on this page only, and for styles only, the policy
# allows inline styles and blob: workers. Scripts stay as strict as everywhere else.
@csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})
def api_docs(request: HttpRequest) -> HttpResponse:
    return render(request, "core/api_docs.html")


# Answers Django gives before (or outside) a view: under /api/ in JSON like the API's views
# (``{"detail": ...}``), so that a client and the schema see one format; pages get the site's.


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400 for a request Django refuses to read (too many fields, too large, a bad host)."""
    if _is_api(request):
        return JsonResponse({"detail": _("The request could not be read.")}, status=400)
    return defaults.bad_request(request, exception or SuspiciousOperation())


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 for a URL that matches no route."""
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception or Http404())


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    return defaults.server_error(request)
