from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.oath import TOTP
from django_otp.util import random_hex

from palermo.accounts.actor import SESSION_MEMBERSHIP_KEY, request_actor
from palermo.accounts.forms import ApiTokenForm, LoginForm, PasswordChangeForm, TotpForm
from palermo.accounts.models import ApiToken, AuthenticatorDevice
from palermo.accounts.passkeys import passkeys_enabled, passkeys_of
from palermo.accounts.passwords import is_spraying
from palermo.accounts.roles import Cap
from palermo.accounts.second_factor import confirmed_device, record_second_factor
from palermo.accounts.services import (
    do_change_password,
    do_confirm_totp_device,
    do_issue_api_token,
    do_revoke_api_token,
)
from palermo.core.access import deny, get_or_404
from palermo.core.panels import render_panels


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if is_spraying(request):
            return render(request, "accounts/locked_out.html", {"spraying": True}, status=429)
        return super().post(request, *args, **kwargs)


@login_required
@require_POST
def switch_membership(request: HttpRequest) -> HttpResponse:
    membership_id = request.POST.get("membership", "")
    memberships = request.user.active_memberships()  # type: ignore[union-attr]
    chosen = get_or_404(memberships, pk=membership_id)
    request.session[SESSION_MEMBERSHIP_KEY] = chosen.pk
    messages.success(request, _("You now act for %(agency)s.") % {"agency": chosen.agency})
    return redirect("home")


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = do_change_password(
                actor=actor,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field, error)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password was changed."))
            return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode()


def _safe_next(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return "/"
    return target


SESSION_TOTP_SETUP_KEY = "palermo_totp_setup_key"


def _setup_key(request: HttpRequest) -> str:
    """The key offered while setting up, kept in the session until confirmed: opening the page
    writes nothing to the database."""
    key = request.session.get(SESSION_TOTP_SETUP_KEY)
    if not isinstance(key, str):
        key = random_hex(20)
        request.session[SESSION_TOTP_SETUP_KEY] = key
    return key


def _two_factor_setup(request: HttpRequest, form: TotpForm) -> HttpResponse:
    actor = request_actor(request)
    key = _setup_key(request)
    offered = AuthenticatorDevice(user=actor.user, name="authenticator", key=key, confirmed=False)
    if request.method == "POST" and form.is_valid():
        if _code_matches(offered, form.cleaned_data["token"]):
            device = do_confirm_totp_device(actor=actor, key=key)
            del request.session[SESSION_TOTP_SETUP_KEY]
            record_second_factor(request, device)
            messages.success(request, _("Two-factor authentication is on."))
            return redirect(_safe_next(request))
        form.add_error(
            "token", _("That code is not correct. Check your device's clock and try again.")
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "passkeys_enabled": passkeys_enabled(),
            "form": form,
            "qr": _qr_svg(offered.config_url),
            "secret": base64.b32encode(offered.bin_key).decode(),
            "next": _safe_next(request),
        },
    )


def _code_matches(device: AuthenticatorDevice, token: str) -> bool:
    """Checks a code against a device not saved yet (django-otp's verify_token saves the device)."""
    try:
        value = int(token)
    except ValueError:
        return False
    checker = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return bool(checker.verify(value, device.tolerance))


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Confirm a TOTP code; a user without a confirmed device first sets one up here. Also the
    step-up page: sensitive actions send the user here again when the last code is too old."""
    actor = request_actor(request)
    confirmed = confirmed_device(actor.user)
    has_passkeys = passkeys_enabled() and passkeys_of(actor.user).exists()
    form = TotpForm(request.POST or None)
    if confirmed is None and not has_passkeys:
        return _two_factor_setup(request, form)
    if request.method == "POST" and form.is_valid():
        if confirmed is not None and confirmed.verify_token(form.cleaned_data["token"]):
            record_second_factor(request, confirmed)
            return redirect(_safe_next(request))
        form.add_error("token", _("That code is not correct."))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {
            "form": form,
            "next": _safe_next(request),
            "step_up": bool(request.GET.get("step_up")),
            "has_totp": confirmed is not None,
            "has_passkeys": has_passkeys,
        },
    )


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not actor.can(Cap.API_TOKENS):
        raise deny()
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = do_issue_api_token(
                actor=actor,
                name=form.cleaned_data["name"],
                expires_at=form.cleaned_data["expires_at"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            new_key = issued.key
            form = ApiTokenForm()
    tokens = ApiToken.objects.filter(membership=actor.membership).order_by("-created_at")
    return render(
        request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "new_key": new_key}
    )


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    actor = request_actor(request)
    token = get_or_404(ApiToken.objects.filter(membership__user=actor.user), pk=token_id)
    do_revoke_api_token(actor=actor, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:api_tokens")


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("portal:root")  # the public start page; staff log in from there
    actor = request_actor(request)
    # Each app registers its own panels (palermo.core.panels); the dashboard knows none of them.
    return render(request, "accounts/home.html", {"panels": render_panels(request, actor)})
