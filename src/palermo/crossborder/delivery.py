"""Posting a sealed package to a partner installation's inbox.

The standard library's HTTP client is enough here: one POST of a small JSON document, with a
timeout; no session, retry or connection pool is needed (a failed delivery is shown to the user,
who can try again or hand over the file instead — the receiver refuses a package it already has).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 20
USER_AGENT = "Palermo cross-border delivery"


class DeliveryError(Exception):
    """The partner did not take the package; the message says why, for the user."""


def post_package(url: str, text: str) -> dict[str, object]:
    """POSTs the package; returns the partner's receipt, or raises DeliveryError."""
    if not url.startswith(("https://", "http://")):
        raise DeliveryError(_("The partner's API address must start with https://."))
    request = urllib.request.Request(  # noqa: S310  (scheme checked above)
        url,
        data=text.encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": USER_AGENT},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(65536)
    except urllib.error.HTTPError as exc:
        detail = _detail(exc.read(65536))
        raise DeliveryError(
            _("The partner refused the package (%(status)s): %(detail)s")
            % {"status": exc.code, "detail": detail}
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(
            _("The partner's installation could not be reached: %(reason)s") % {"reason": reason}
        ) from None
    try:
        receipt = json.loads(body)
    except ValueError:
        receipt = {}
    return receipt if isinstance(receipt, dict) else {}


def _detail(body: bytes) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return body[:200].decode("utf-8", "replace")
    if isinstance(data, dict) and "detail" in data:
        return str(data["detail"])[:500]
    return str(data)[:500]
