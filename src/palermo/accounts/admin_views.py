"""The administration area (/administration/): users, their roles and agencies, and the
invitation page. Every change asks for a fresh second factor (step-up) before it is made."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from palermo.accounts import administration as admin_services
from palermo.accounts.actor import request_actor
from palermo.accounts.admin_access import (
    access_agency,
    access_membership,
    access_user,
    agencies_for,
    grantable_for,
    is_national_administrator,
    manages_whole_user,
    may_give,
    memberships_for,
    require_administrator,
    users_for,
)
from palermo.accounts.admin_forms import (
    AcceptInvitationForm,
    AgencyForm,
    InviteForm,
    MembershipForm,
    RoleChangeForm,
    UserForm,
    VersionForm,
)
from palermo.accounts.models import Agency, Invitation, User
from palermo.accounts.second_factor import require_recent_second_factor
from palermo.accounts.services import do_create_agency
from palermo.core.access import deny
from palermo.core.errors import ConflictError
from palermo.jurisdictions.pack import get_pack


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": list(exc.messages)}


def invitation_link(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("accounts:accept_invitation", args=[token]))


def _show_link(request: HttpRequest, user: User, token: str) -> HttpResponse:
    """The link is shown once, to the administrator who made it; only its hash is stored."""
    return render(
        request,
        "accounts/admin/invitation_link.html",
        {"invited": user, "link": invitation_link(request, token)},
    )


@login_required
def users(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require_administrator(actor)
    rows = users_for(actor).prefetch_related("memberships__agency").order_by("username")
    status = request.GET.get("status", "")
    if status == "active":
        rows = rows.filter(is_active=True)
    elif status == "inactive":
        rows = rows.filter(is_active=False)
    return render(
        request,
        "accounts/admin/users.html",
        {
            "rows": rows[:500],
            "status": status,
            "national": is_national_administrator(actor),
            "scope": set(memberships_for(actor).values_list("pk", flat=True)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@require_recent_second_factor
def invite(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require_administrator(actor)
    agencies = agencies_for(actor).filter(is_active=True)
    form = InviteForm(
        request.POST or None,
        agencies=agencies,
        roles=grantable_for(actor),
        initial={"agency": actor.agency.pk if actor.agency else None},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            issued = admin_services.do_invite_user(
                actor=actor,
                username=d["username"],
                agency=d["agency"],
                role=d["role"],
                first_name=d.get("first_name", ""),
                last_name=d.get("last_name", ""),
                email=d.get("email", ""),
            )
        except ValidationError as exc:
            form.add_service_errors(_errors(exc))
        else:
            messages.success(request, _("The user was invited."))
            return _show_link(request, issued.invitation.user, issued.token)
    return render(request, "accounts/admin/form.html", {"form": form, "title": _("Invite a user")})


@login_required
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request_actor(request)
    require_administrator(actor)
    user = access_user(actor, user_id)
    in_scope = set(memberships_for(actor).filter(user=user).values_list("pk", flat=True))
    memberships = [
        {"m": m, "manageable": m.pk in in_scope and may_give(actor, m.role)}
        for m in user.memberships.select_related("agency").order_by("agency__name", "role")
    ]
    roles = grantable_for(actor)
    return render(
        request,
        "accounts/admin/user.html",
        {
            "subject": user,
            "memberships": memberships,
            "whole": manages_whole_user(actor, user) and user.pk != actor.user.pk,
            "grant_form": MembershipForm(
                agencies=agencies_for(actor),
                roles=roles,
                initial={
                    "version": user.version,
                    "agency": actor.agency.pk if actor.agency else None,
                },
            ),
            "roles": roles,
            "has_second_factor": user.authenticator_devices.filter(confirmed=True).exists(),
            "pending": not user.has_usable_password(),
            "invitation": Invitation.objects.filter(user=user).first(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@require_recent_second_factor
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request_actor(request)
    require_administrator(actor)
    user = access_user(actor, user_id)
    form = UserForm(
        request.POST or None,
        initial={
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "version": user.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            admin_services.do_update_user(
                actor=actor,
                user=user,
                expected_version=d["version"],
                first_name=d.get("first_name", ""),
                last_name=d.get("last_name", ""),
                email=d.get("email", ""),
            )
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_service_errors(_errors(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("administration:user", user.pk)
    return render(
        request,
        "accounts/admin/form.html",
        {"form": form, "title": _("Edit %(user)s") % {"user": user.username}, "back": user},
    )


def _run(request: HttpRequest, user: User, action: Any, done: str) -> HttpResponse:
    """Runs a POST action of the user page and returns to it with its outcome."""
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return redirect("administration:user", user.pk)
    try:
        result = action(form.cleaned_data["version"])
    except (ConflictError, ValidationError) as exc:
        text = (
            str(exc)
            if isinstance(exc, ConflictError)
            else " ".join(m for ms in _errors(exc).values() for m in ms)
        )
        messages.error(request, text)
    else:
        if isinstance(result, HttpResponse):
            return result
        messages.success(request, done)
    return redirect("administration:user", user.pk)


@login_required
@require_POST
@require_recent_second_factor
def membership_grant(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request_actor(request)
    require_administrator(actor)
    user = access_user(actor, user_id)
    form = MembershipForm(request.POST, agencies=agencies_for(actor), roles=grantable_for(actor))
    if form.is_valid():
        d = form.cleaned_data
        try:
            admin_services.do_grant_membership(
                actor=actor, user=user, agency=d["agency"], role=d["role"],
                expected_version=d["version"],
            )  # fmt: skip
        except ConflictError as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, " ".join(m for ms in _errors(exc).values() for m in ms))
        else:
            messages.success(request, _("The role was given."))
    else:
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
    return redirect("administration:user", user.pk)


@login_required
@require_POST
@require_recent_second_factor
def membership_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    actor = request_actor(request)
    require_administrator(actor)
    membership = access_membership(actor, membership_id)
    form = RoleChangeForm(request.POST, roles=grantable_for(actor))
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
        return redirect("administration:user", membership.user_id)
    return _run(
        request,
        membership.user,
        lambda v: admin_services.do_change_membership_role(
            actor=actor, membership=membership, role=form.cleaned_data["role"], expected_version=v
        ),
        _("The role was changed."),
    )


@login_required
@require_POST
@require_recent_second_factor
def membership_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    actor = request_actor(request)
    require_administrator(actor)
    membership = access_membership(actor, membership_id)
    return _run(
        request,
        membership.user,
        lambda v: admin_services.do_remove_membership(
            actor=actor, membership=membership, expected_version=v
        ),
        _("The role was removed."),
    )


@login_required
@require_POST
@require_recent_second_factor
def user_reset_second_factor(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request_actor(request)
    require_administrator(actor)
    user = access_user(actor, user_id)
    return _run(
        request,
        user,
        lambda v: admin_services.do_reset_second_factor(actor=actor, user=user, expected_version=v),
        _("The second factor was reset: the user sets up a new one at their next log-in."),
    )


@login_required
@require_POST
@require_recent_second_factor
def user_set_active(request: HttpRequest, user_id: int, active: bool) -> HttpResponse:
    actor = request_actor(request)
    require_administrator(actor)
    user = access_user(actor, user_id)
    return _run(
        request,
        user,
        lambda v: admin_services.do_set_user_active(
            actor=actor, user=user, active=active, expected_version=v
        ),
        _("The user was reactivated.") if active else _("The user was deactivated."),
    )


@login_required
@require_POST
@require_recent_second_factor
def user_reinvite(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request_actor(request)
    require_administrator(actor)
    user = access_user(actor, user_id)
    return _run(
        request,
        user,
        lambda v: _show_link(
            request,
            user,
            admin_services.do_reissue_invitation(actor=actor, user=user, expected_version=v).token,
        ),
        "",
    )


@login_required
def agencies(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require_administrator(actor)
    pack = get_pack()
    rows = list(agencies_for(actor).order_by("-is_active", "name"))
    for agency in rows:  # the pack's names, in the reader's language, for its codes
        kind = pack.agency_kind(agency.kind)
        region = pack.region(agency.region) if agency.region else None
        agency.kind_label = kind.name() if kind else agency.kind  # type: ignore[attr-defined]
        agency.region_label = region.name() if region else ""  # type: ignore[attr-defined]
    return render(
        request,
        "accounts/admin/agencies.html",
        {"rows": rows, "national": is_national_administrator(actor)},
    )


def _agency_form_page(request: HttpRequest, form: AgencyForm, title: str) -> HttpResponse:
    return render(
        request, "accounts/admin/form.html", {"form": form, "title": title, "agencies": True}
    )


@login_required
@require_http_methods(["GET", "POST"])
@require_recent_second_factor
def agency_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not is_national_administrator(actor):
        raise deny()
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            values = admin_services.validate_agency_input(
                d["name"], d["kind"], d.get("region") or "", d.get("email") or ""
            )
            do_create_agency(actor=actor, **values)
        except ValidationError as exc:
            form.add_service_errors(_errors(exc))
        else:
            messages.success(request, _("The agency was created."))
            return redirect("administration:agencies")
    return _agency_form_page(request, form, _("New agency"))


@login_required
@require_http_methods(["GET", "POST"])
@require_recent_second_factor
def agency_edit(request: HttpRequest, agency_id: int) -> HttpResponse:
    actor = request_actor(request)
    agency: Agency = access_agency(actor, agency_id, write=True)
    form = AgencyForm(
        request.POST or None,
        initial={
            "name": agency.name,
            "kind": agency.kind,
            "region": agency.region,
            "email": agency.email,
            "is_active": agency.is_active,
            "version": agency.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            admin_services.do_update_agency(
                actor=actor,
                agency=agency,
                expected_version=d.get("version"),
                name=d["name"],
                kind=d["kind"],
                region=d.get("region") or "",
                email=d.get("email") or "",
                is_active=bool(d.get("is_active")),
            )
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_service_errors(_errors(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("administration:agencies")
    return _agency_form_page(request, form, agency.display_name)


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee's page (no log-in): choose a password; then they are logged in, and a role
    that requires a second factor is sent to set one up before anything else."""
    invitation = admin_services.find_invitation(token)
    if invitation is None:
        return render(request, "accounts/admin/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = admin_services.do_accept_invitation(
                token=token,
                password=form.cleaned_data["password"],
                password_again=form.cleaned_data["password_again"],
            )
        except ValidationError as exc:
            form.add_service_errors(_errors(exc))
        else:
            if request.user.is_authenticated:
                logout(request)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome. Your password is set."))
            return redirect("home")
    return render(request, "accounts/admin/accept.html", {"form": form, "invited": invitation.user})
