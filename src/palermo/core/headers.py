"""Response headers every answer carries besides Django's own security headers."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

# No page of Palermo uses these browser features; a script injected despite the CSP gets none.
# Passkeys (WebAuthn) are used by Palermo's own pages only, never by a frame from elsewhere.
PERMISSIONS_POLICY = ", ".join(
    [
        f"{feature}=(self)"
        for feature in ("publickey-credentials-create", "publickey-credentials-get")
    ]
    + [
        f"{feature}=()"
        for feature in (
            "accelerometer",
            "autoplay",
            "camera",
            "display-capture",
            "geolocation",
            "gyroscope",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "screen-wake-lock",
            "usb",
            "xr-spatial-tracking",
        )
    ]
)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every answer; ``Cache-Control: no-store`` on every answer to a
    logged-in user or an API token, since those are the answers that may carry identity data
    (simpler and safer than marking page by page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
