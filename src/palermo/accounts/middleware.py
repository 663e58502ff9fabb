from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from palermo.accounts.actor import SESSION_MEMBERSHIP_KEY, actor_for_user


class ActorMiddleware:
    """Puts `request.actor` (user + current membership) on every authenticated HTML request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = None  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            membership_id = request.session.get(SESSION_MEMBERSHIP_KEY)
            request.actor = actor_for_user(request.user, membership_id)  # type: ignore[attr-defined]
        return self.get_response(request)


# Paths a user whose role needs a second factor may use before confirming it.
_SECOND_FACTOR_EXEMPT = ("accounts:two_factor", "accounts:logout", "set_language")


class RequireSecondFactorMiddleware:
    """Sends a user whose role requires TOTP to confirm (or set up) a code before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        actor = getattr(request, "actor", None)
        if (
            actor is not None
            and actor.role is not None
            and actor.role.requires_second_factor
            and not request.user.is_verified()  # type: ignore[union-attr]
            and not request.path.startswith(("/static/", "/api/"))
            and request.path not in {reverse(name) for name in _SECOND_FACTOR_EXEMPT}
        ):
            return redirect(f"{reverse('accounts:two_factor')}?next={request.path}")
        return self.get_response(request)
