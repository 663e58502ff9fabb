"""Pages and JSON endpoints of the passkey ceremonies (the browser side is
``static/accounts/webauthn.js``).

Adding or removing a passkey, when the user already holds a second factor, needs a recent
confirmation of it (step-up): otherwise a stolen password would be enough to add an attacker's
passkey. A user without any second factor may add a first passkey, as they may set up an
authenticator app, and that confirms their session like a first code does.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palermo.accounts.actor import request_actor
from palermo.accounts.models import has_second_factor
from palermo.accounts.passkeys import (
    AUTHENTICATE,
    REGISTER,
    PasskeyError,
    authentication_options,
    do_add_passkey,
    do_record_passkey_failure,
    do_remove_passkey,
    do_use_passkey,
    passkeys_enabled,
    passkeys_of,
    registration_options,
    take_challenge,
)
from palermo.accounts.second_factor import (
    is_recent,
    record_second_factor,
    session_second_factor_at,
    step_up_redirect,
)
from palermo.accounts.views import _safe_next
from palermo.core.access import get_or_404

_MAX_BODY = 64 * 1024  # a passkey answer is a few kilobytes at most


def _json_body(request: HttpRequest) -> dict[str, Any]:
    if len(request.body) > _MAX_BODY:
        raise PasskeyError(_("The request is too large."))
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, RecursionError):
        raise PasskeyError(_("The request is not valid JSON.")) from None
    if not isinstance(body, dict):
        raise PasskeyError(_("The request is not valid JSON."))
    return body


def _refused(message: str, field: str = "credential", status: int = 400) -> JsonResponse:
    return JsonResponse({"errors": {field: [message]}}, status=status)


def _may_manage(request: HttpRequest) -> bool:
    """A user who holds a second factor has confirmed it recently in this session."""
    return not has_second_factor(request.user) or is_recent(  # type: ignore[arg-type]
        session_second_factor_at(request)
    )


def _enabled_or_404() -> None:
    if not passkeys_enabled():
        raise Http404


@login_required
def passkey_list(request: HttpRequest) -> HttpResponse:
    _enabled_or_404()
    if not _may_manage(request):
        return step_up_redirect(request)
    return render(
        request,
        "accounts/passkeys.html",
        {"passkeys": passkeys_of(request.user), "next": _safe_next(request)},  # type: ignore[arg-type]
    )


@login_required
@require_POST
def passkey_register_options(request: HttpRequest) -> HttpResponse:
    _enabled_or_404()
    if not _may_manage(request):
        return _refused(_("Confirm your second factor again first."), "__all__", 403)
    options = registration_options(request.session, request.user)  # type: ignore[arg-type]
    return HttpResponse(options, content_type="application/json")


@login_required
@require_POST
def passkey_register(request: HttpRequest) -> HttpResponse:
    _enabled_or_404()
    if not _may_manage(request):
        return _refused(_("Confirm your second factor again first."), "__all__", 403)
    actor = request_actor(request)
    try:
        challenge = take_challenge(request.session, REGISTER)
        body = _json_body(request)
        passkey = do_add_passkey(
            actor=actor,
            name=body.get("name"),
            credential=body.get("credential"),
            challenge=challenge,
        )
    except ValidationError as exc:
        return JsonResponse({"errors": exc.message_dict}, status=400)
    except PasskeyError as exc:
        return _refused(str(exc))
    record_second_factor(request, passkey)
    messages.success(request, _("The passkey was added."))
    back = _safe_next(request) if request.GET.get("next") else reverse("accounts:passkeys")
    return JsonResponse({"redirect": back, "id": passkey.pk}, status=201)


@login_required
@require_POST
def passkey_remove(request: HttpRequest, passkey_id: int) -> HttpResponse:
    _enabled_or_404()
    passkey = get_or_404(passkeys_of(request.user), pk=passkey_id)  # type: ignore[arg-type]
    if not _may_manage(request):
        return step_up_redirect(request)
    try:
        do_remove_passkey(actor=request_actor(request), passkey=passkey)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The passkey was removed."))
    return redirect("accounts:passkeys")


@login_required
@require_POST
def passkey_verify_options(request: HttpRequest) -> HttpResponse:
    _enabled_or_404()
    if not passkeys_of(request.user).exists():  # type: ignore[arg-type]
        return _refused(_("You have no passkey."), "__all__")
    options = authentication_options(request.session, request.user)  # type: ignore[arg-type]
    return HttpResponse(options, content_type="application/json")


@login_required
@require_POST
def passkey_verify(request: HttpRequest) -> HttpResponse:
    """Confirms the second factor (at log-in or for a step-up) with a passkey."""
    _enabled_or_404()
    actor = request_actor(request)
    try:
        challenge = take_challenge(request.session, AUTHENTICATE)
        body = _json_body(request)
    except PasskeyError as exc:
        do_record_passkey_failure(actor=actor, code=exc.code)  # e.g. a replayed answer
        return _refused(str(exc))
    try:
        passkey = do_use_passkey(
            actor=actor, credential=body.get("credential"), challenge=challenge
        )
    except PasskeyError as exc:
        return _refused(str(exc))
    record_second_factor(request, passkey)
    return JsonResponse({"redirect": _safe_next(request)})
