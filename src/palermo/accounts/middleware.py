from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from palermo.accounts.actor import SESSION_MEMBERSHIP_KEY, actor_for_user
from palermo.accounts.second_factor import session_second_factor_at

SESSION_STARTED_AT = "palermo_session_started_at"
SESSION_SEEN_AT = "palermo_session_seen_at"
# Recording activity writes the session: at most once a minute, not on every request.
_SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    """Ends a session idle for ``PALERMO_SESSION_IDLE_SECONDS`` or older than
    ``SESSION_COOKIE_AGE`` (the absolute limit, which activity does not extend)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.get(SESSION_STARTED_AT)
            seen = request.session.get(SESSION_SEEN_AT)
            if started is None:
                request.session[SESSION_STARTED_AT] = now
            elif (
                now - int(started) > settings.SESSION_COOKIE_AGE
                or now - int(seen or started) > settings.PALERMO_SESSION_IDLE_SECONDS
            ):
                return self._expired(request)
            if seen is None or now - int(seen) >= _SEEN_RESOLUTION:
                request.session[SESSION_SEEN_AT] = now
        return self.get_response(request)

    def _expired(self, request: HttpRequest) -> HttpResponse:
        logout(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Your session has ended; log in again.")}, status=401)
        login = reverse("accounts:login")
        return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")


class ActorMiddleware:
    """Puts `request.actor` (user + current membership) on every authenticated HTML request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = None  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            membership_id = request.session.get(SESSION_MEMBERSHIP_KEY)
            request.actor = actor_for_user(  # type: ignore[attr-defined]
                request.user,
                membership_id,
                second_factor_at=session_second_factor_at(request),
            )
        return self.get_response(request)


# Paths a user whose role needs a second factor may use before confirming it. The passkey pages
# let a user without any second factor add a first one; one who has a factor must confirm it
# there first (palermo.accounts.passkey_views).
_SECOND_FACTOR_EXEMPT = (
    "accounts:two_factor",
    "accounts:logout",
    "set_language",
    "accounts:passkey_verify_options",
    "accounts:passkey_verify",
    "accounts:passkeys",
    "accounts:passkey_register_options",
    "accounts:passkey_register",
)


class RequireSecondFactorMiddleware:
    """A user whose role requires a second factor gets nothing before confirming it.

    HTML pages send such a user to confirm (or set up) a code; the API answers 403 to the same
    session, because the API accepts the session cookie too. Requests carrying an API token are
    judged by the token authentication, which refuses tokens issued without a second factor.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        actor = getattr(request, "actor", None)
        if (
            actor is None
            or not actor.needs_second_factor
            or request.path.startswith("/static/")
            or request.path in {reverse(name) for name in _SECOND_FACTOR_EXEMPT}
        ):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            if request.headers.get("Authorization", "").startswith("Token "):
                return self.get_response(request)
            return JsonResponse(
                {"detail": _("Confirm your second factor in the web interface first.")},
                status=403,
            )
        return redirect(f"{reverse('accounts:two_factor')}?next={request.path}")
