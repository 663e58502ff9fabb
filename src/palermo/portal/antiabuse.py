"""Protection of the public tip form against automated abuse, with no third-party service.

Three checks, all server-side (the form works without JavaScript):

* a honeypot field that people do not see (hidden with CSS and from assistive technology) and
  bots fill in;
* a signed timestamp token in the form: a submission faster than ``MIN_SECONDS`` after the form
  was served, or older than ``MAX_SECONDS``, or with a forged token is rejected. The token is
  the same for every visitor in the same second, so it is not personal;
* a rate limit per client address (an HMAC of it: the cache never holds addresses) using
  Django's cache — ``PALERMO_TIP_RATE_LIMIT`` submissions per ``PALERMO_TIP_RATE_WINDOW`` seconds.
  With several app processes the cache must be shared (database cache or Redis).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from enum import Enum

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

MIN_SECONDS = 3
MAX_SECONDS = 2 * 3600
HONEYPOT_FIELD = "website"
_SALT = "palermo.portal.tip-form"


class TokenProblem(Enum):
    INVALID = "invalid"
    TOO_FAST = "too_fast"
    TOO_OLD = "too_old"


def now() -> float:
    return time.time()


def issue_token(at: float | None = None) -> str:
    return signing.Signer(salt=_SALT).sign(str(int(now() if at is None else at)))


def check_token(token: str) -> TokenProblem | None:
    try:
        issued = int(signing.Signer(salt=_SALT).unsign(token or ""))
    except (signing.BadSignature, ValueError):
        return TokenProblem.INVALID
    age = now() - issued
    if age < MIN_SECONDS:
        return TokenProblem.TOO_FAST
    if age > MAX_SECONDS:
        return TokenProblem.TOO_OLD
    return None


def client_address(request: HttpRequest) -> str:
    """The client's address; behind N trusted proxies, the Nth address from the right."""
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) or 0
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


def _key(request: HttpRequest) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256
    ).hexdigest()[:32]
    return f"palermo:portal-tip:{digest}"


def rate_limited(request: HttpRequest) -> bool:
    """Counts this attempt; True when the address has used up its attempts for the window."""
    limit = int(getattr(settings, "PALERMO_TIP_RATE_LIMIT", 10))
    window = int(getattr(settings, "PALERMO_TIP_RATE_WINDOW", 3600))
    key = _key(request)
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    return count > limit
