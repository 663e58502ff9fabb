"""Pages of the core: the API reference."""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


# Redoc (served from the app by drf-spectacular-sidecar) styles itself with generated <style>
# elements and renders in a web worker: on this page only, and for styles only, the policy
# allows inline styles and blob: workers. Scripts stay as strict as everywhere else.
@csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})
def api_docs(request: HttpRequest) -> HttpResponse:
    return render(request, "core/api_docs.html")
