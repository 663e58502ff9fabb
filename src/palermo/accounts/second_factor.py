"""The second factor on every channel: when a session confirmed it, and step-up before
sensitive actions.

A session records the moment its user last confirmed a TOTP code or a passkey. Roles that require a second
factor get nothing (HTML or API) before that; sensitive actions (merges, user administration,
key rotation, identity exports) ask for it again when the last confirmation is older than
``PALERMO_STEP_UP_SECONDS``. API clients authenticated by token confirm a step-up with a current
code in the ``X-Second-Factor`` header.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from rest_framework.exceptions import PermissionDenied

from palermo.accounts.actor import Actor, request_actor
from palermo.accounts.models import AuthenticatorDevice, PasskeyDevice, User

SESSION_SECOND_FACTOR_AT = "palermo_second_factor_at"
STEP_UP_HEADER = "X-Second-Factor"

F = TypeVar("F", bound=Callable[..., HttpResponse])


def confirmed_device(user: User) -> AuthenticatorDevice | None:
    return AuthenticatorDevice.objects.filter(user=user, confirmed=True).first()


def record_second_factor(request: HttpRequest, device: AuthenticatorDevice | PasskeyDevice) -> None:
    """The session's user has just confirmed a code from ``device`` (or used a passkey)."""
    otp_login(request, device)
    request.session[SESSION_SECOND_FACTOR_AT] = timezone.now().isoformat()


def session_second_factor_at(request: HttpRequest) -> datetime | None:
    """When this session last confirmed a second factor, or None."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_verified", bool)():
        return None
    raw = request.session.get(SESSION_SECOND_FACTOR_AT)
    if not isinstance(raw, str):
        return None
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        return None


def is_recent(moment: datetime | None) -> bool:
    if moment is None:
        return False
    return timezone.now() - moment <= timedelta(seconds=settings.PALERMO_STEP_UP_SECONDS)


def _header_code_confirms(request: HttpRequest, actor: Actor) -> bool:
    code = request.headers.get(STEP_UP_HEADER, "").strip()
    if not code:
        return False
    device = confirmed_device(actor.user)
    # verify_token applies django-otp's throttling: repeated wrong codes are refused for a while.
    return device is not None and bool(device.verify_token(code))


def has_recent_second_factor(request: HttpRequest) -> bool:
    """Whether the request may do a step-up action now: a recent confirmation in the session,
    or a correct current code in the ``X-Second-Factor`` header (API clients). Roles that need
    no second factor (configuration) are not asked for one here either."""
    actor = request_actor(request)
    if actor.role is None or not actor.role.requires_second_factor:
        return True
    return is_recent(actor.second_factor_at) or _header_code_confirms(request, actor)


def step_up_url(next_path: str) -> str:
    return f"{reverse('accounts:two_factor')}?{urlencode({'next': next_path, 'step_up': '1'})}"


def _coming_back_to(request: HttpRequest) -> str:
    """Where the user returns after confirming a code: the page itself for a GET; for a POST
    (which is never replayed) the page the form was on, when it is ours."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"


def step_up_redirect(request: HttpRequest) -> HttpResponse:
    """Send the user to confirm a fresh code, then back (see ``_coming_back_to``)."""
    return redirect(step_up_url(_coming_back_to(request)))


def require_recent_second_factor(view: F) -> F:
    """Decorator for HTML views of sensitive actions: without a recent second factor the user
    confirms a code first and comes back (a POST is then repeated by the user, never replayed)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_recent_second_factor(request):
            return step_up_redirect(request)
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


def require_recent_second_factor_api(request: HttpRequest) -> None:
    """For API views of sensitive actions: 403 unless the second factor is recent (session) or
    confirmed with this request's ``X-Second-Factor`` header."""
    if not has_recent_second_factor(request):
        raise PermissionDenied(
            detail=_(
                "This action needs a fresh second factor: send a current code from your "
                "authenticator app in the X-Second-Factor header."
            ),
            code="second_factor_required",
        )
