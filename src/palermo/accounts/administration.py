"""Administration of users, memberships and agencies: each change one audited transaction.

Every function locks the row it changes and checks the version the administrator saw, so two
administrators editing the same user or agency cannot lose each other's update (``ConflictError``
instead). The audit records who changed what, before and after — never a password, a token or
an invitation link. Step-up (a fresh second factor) is asked by the views and the API before
they call these functions.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from palermo.accounts.actor import Actor
from palermo.accounts.admin_access import (
    is_national_administrator,
    manages_whole_user,
    may_give,
)
from palermo.accounts.models import (
    Agency,
    ApiToken,
    Invitation,
    Membership,
    User,
    hash_token_key,
)
from palermo.accounts.roles import ROLES, Cap
from palermo.core.audit import record
from palermo.core.errors import ConflictError
from palermo.jurisdictions.pack import get_pack

INVITATION_DAYS = 7
NAME_LIMIT = 150


def invitation_lifetime() -> timedelta:
    return timedelta(days=getattr(settings, "PALERMO_INVITATION_DAYS", INVITATION_DAYS))


def _refuse(message: str) -> ValidationError:
    return ValidationError({"__all__": [message]})


def _check_version(current: int, expected: int | None) -> None:
    if expected is not None and current != expected:
        raise ConflictError(
            _(
                "Someone else changed this record while you were looking at it. Reload the page "
                "and try again."
            )
        )


def _locked_user(user: User, expected_version: int | None) -> User:
    locked = User.objects.select_for_update().get(pk=user.pk)
    _check_version(locked.version, expected_version)
    return locked


def _bump(user: User) -> None:
    User.objects.filter(pk=user.pk).update(version=user.version + 1)
    user.version += 1


def _user_snapshot(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
    }


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    changed = sorted(k for k in after if before.get(k) != after[k])
    return {
        "changed": changed,
        "before": {k: before.get(k) for k in changed},
        "after": {k: after[k] for k in changed},
    }


def _check_role(actor: Actor, role: str) -> None:
    if role not in ROLES:
        raise ValidationError({"role": _("'%(role)s' is not a role.") % {"role": role}})
    if not may_give(actor, role):
        raise ValidationError(
            {"role": _("You may not give the role %(role)s.") % {"role": ROLES[role].label}}
        )


def _check_agency(actor: Actor, agency: Agency | None) -> Agency:
    if agency is None:
        raise ValidationError({"agency": _("Choose an agency.")})
    if not is_national_administrator(actor) and (
        actor.agency is None or agency.pk != actor.agency.pk
    ):
        raise ValidationError({"agency": _("You may only give memberships of your own agency.")})
    if not agency.is_active:
        raise ValidationError({"agency": _("This agency is no longer active.")})
    return agency


def _clean_person(first_name: str, last_name: str, email: str) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    values = {"first_name": first_name.strip(), "last_name": last_name.strip()}
    for name, value in values.items():
        if len(value) > NAME_LIMIT:
            errors[name] = [_("At most %(limit)s characters.") % {"limit": NAME_LIMIT}]
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter a valid e-mail address.")]
    if errors:
        raise ValidationError(errors)
    return {**values, "email": email}


def _revoke_tokens(memberships: Any) -> int:
    return ApiToken.objects.filter(membership__in=memberships, revoked_at=None).update(
        revoked_at=timezone.now()
    )


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str  # shown once in the link, never stored


def _new_invitation(actor: Actor, user: User) -> IssuedInvitation:
    now = timezone.now()
    Invitation.objects.filter(user=user, accepted_at=None, revoked_at=None).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        token_hash=hash_token_key(token),
        created_by=actor.user,
        expires_at=now + invitation_lifetime(),
    )
    return IssuedInvitation(invitation=invitation, token=token)


@transaction.atomic
def do_invite_user(
    *,
    actor: Actor,
    username: str,
    agency: Agency | None,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> IssuedInvitation:
    """Creates a user who cannot log in yet, gives them their first role and an invitation link."""
    username = username.strip()
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = [_("A user needs a user name.")]
    elif len(username) > 150 or not all(c.isalnum() or c in "@.+-_" for c in username):
        errors["username"] = [
            _("Use at most 150 letters, digits and the characters @ . + - _ in a user name.")
        ]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("This user name is taken.")]
    for check in (
        lambda: _clean_person(first_name, last_name, email),
        lambda: _check_role(actor, role),
        lambda: _check_agency(actor, agency),
    ):
        try:
            check()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    person = _clean_person(first_name, last_name, email)
    agency = _check_agency(actor, agency)
    user = User(username=username, **person)
    user.set_unusable_password()
    try:
        with transaction.atomic():  # a savepoint: two invitations of one name at the same moment
            user.save()
    except IntegrityError:
        raise ValidationError({"username": [_("This user name is taken.")]}) from None
    membership = Membership.objects.create(user=user, agency=agency, role=role)
    issued = _new_invitation(actor, user)
    record(
        "user.invited",
        actor=actor,
        obj=user,
        data={
            "after": _user_snapshot(user),
            "membership_id": membership.pk,
            "agency_id": agency.pk,
            "role": role,
            "invitation_id": issued.invitation.pk,
            "expires_at": issued.invitation.expires_at.isoformat(),
        },
    )
    return issued


@transaction.atomic
def do_reissue_invitation(
    *, actor: Actor, user: User, expected_version: int | None = None
) -> IssuedInvitation:
    """A new link for a user who has not accepted yet (the old ones stop working)."""
    user = _locked_user(user, expected_version)
    if user.has_usable_password():
        raise _refuse(_("This user has already set a password."))
    if not manages_whole_user(actor, user):
        raise _refuse(_("This user also works for another agency; ask the national administrator."))
    issued = _new_invitation(actor, user)
    _bump(user)
    record(
        "user.invitation_reissued",
        actor=actor,
        obj=user,
        data={"invitation_id": issued.invitation.pk},
    )
    return issued


def find_invitation(token: str) -> Invitation | None:
    """The open invitation of a link, or None (unknown, used, revoked or expired alike)."""
    invitation = (
        Invitation.objects.select_related("user").filter(token_hash=hash_token_key(token)).first()
    )
    if invitation is None or not invitation.is_open() or not invitation.user.is_active:
        return None
    return invitation


@transaction.atomic
def do_accept_invitation(*, token: str, password: str, password_again: str) -> User:
    """Sets the invited user's password; the link works once (the row is locked, so two
    concurrent acceptances cannot both succeed)."""
    invitation = (
        Invitation.objects.select_for_update()
        .filter(token_hash=hash_token_key(token))
        .select_related("user")
        .first()
    )
    if invitation is None or not invitation.is_open() or not invitation.user.is_active:
        raise _refuse(
            _("This invitation link is not valid any more. Ask your administrator for a new one.")
        )
    user = invitation.user
    if password != password_again:
        raise ValidationError({"password_again": [_("The two passwords differ.")]})
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    _bump(user)
    record(
        "user.invitation_accepted",
        actor=None,
        obj=user,
        data={"invitation_id": invitation.pk, "user_id": user.pk},
    )
    return user


@transaction.atomic
def do_update_user(
    *,
    actor: Actor,
    user: User,
    expected_version: int | None,
    first_name: str,
    last_name: str,
    email: str,
) -> User:
    user = _locked_user(user, expected_version)
    person = _clean_person(first_name, last_name, email)
    before = _user_snapshot(user)
    for field, value in person.items():
        setattr(user, field, value)
    user.save(update_fields=list(person))
    _bump(user)
    change = _changes(before, _user_snapshot(user))
    if change["changed"]:
        record("user.updated", actor=actor, obj=user, data=change)
    return user


@transaction.atomic
def do_grant_membership(
    *,
    actor: Actor,
    user: User,
    agency: Agency | None,
    role: str,
    expected_version: int | None = None,
) -> Membership:
    user = _locked_user(user, expected_version)
    errors: dict[str, list[str]] = {}
    for check in (lambda: _check_role(actor, role), lambda: _check_agency(actor, agency)):
        try:
            check()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    agency = _check_agency(actor, agency)
    membership = Membership.objects.filter(user=user, agency=agency, role=role).first()
    if membership is not None and membership.is_active:
        raise ValidationError({"role": _("The user already has this role in this agency.")})
    if membership is None:
        membership = Membership.objects.create(user=user, agency=agency, role=role)
    else:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    _bump(user)
    record(
        "membership.granted",
        actor=actor,
        obj=membership,
        data={"user_id": user.pk, "agency_id": agency.pk, "role": role},
    )
    return membership


def _check_membership_scope(actor: Actor, membership: Membership) -> None:
    if not may_give(actor, membership.role):
        raise _refuse(
            _("Only the national administrator may change the role %(role)s.")
            % {"role": membership.role_obj.label}
        )


@transaction.atomic
def do_change_membership_role(
    *, actor: Actor, membership: Membership, role: str, expected_version: int | None
) -> Membership:
    _locked_user(membership.user, expected_version)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _check_membership_scope(actor, membership)
    _check_role(actor, role)
    if role == membership.role:
        return membership
    if Membership.objects.filter(
        user=membership.user, agency=membership.agency, role=role
    ).exists():
        raise ValidationError({"role": _("The user already has this role in this agency.")})
    if membership.user_id == actor.user.pk:
        raise _refuse(_("You cannot change your own role."))
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    # A token acts with its membership's role: tokens issued under the old role stop working.
    revoked = _revoke_tokens([membership])
    _bump(membership.user)
    record(
        "membership.role_changed",
        actor=actor,
        obj=membership,
        data={
            "user_id": membership.user_id,
            "agency_id": membership.agency_id,
            "before": {"role": before},
            "after": {"role": role},
            "tokens_revoked": revoked,
        },
    )
    return membership


@transaction.atomic
def do_remove_membership(
    *, actor: Actor, membership: Membership, expected_version: int | None
) -> Membership:
    _locked_user(membership.user, expected_version)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _check_membership_scope(actor, membership)
    if membership.user_id == actor.user.pk and membership.pk == getattr(
        actor.membership, "pk", None
    ):
        raise _refuse(_("You cannot remove the role you are acting under."))
    if not membership.is_active:
        return membership
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    revoked = _revoke_tokens([membership])
    _bump(membership.user)
    record(
        "membership.removed",
        actor=actor,
        obj=membership,
        data={
            "user_id": membership.user_id,
            "agency_id": membership.agency_id,
            "role": membership.role,
            "before": {"is_active": True},
            "after": {"is_active": False},
            "tokens_revoked": revoked,
        },
    )
    return membership


def _check_whole_user(actor: Actor, user: User) -> None:
    if not manages_whole_user(actor, user):
        raise _refuse(
            _(
                "This user also works for another agency or holds a national role; ask the national administrator."
            )
        )
    if user.pk == actor.user.pk:
        raise _refuse(_("You cannot do this to your own account."))


@transaction.atomic
def do_reset_second_factor(*, actor: Actor, user: User, expected_version: int | None) -> User:
    """Removes every second-factor device of the user: they enrol again at their next log-in.
    A session verified with a removed device no longer counts as verified, and tokens of roles
    that require a second factor stop working (``api_auth``)."""
    user = _locked_user(user, expected_version)
    _check_whole_user(actor, user)
    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    _bump(user)
    record("user.second_factor_reset", actor=actor, obj=user, data={"devices_removed": removed})
    return user


@transaction.atomic
def do_set_user_active(
    *, actor: Actor, user: User, active: bool, expected_version: int | None
) -> User:
    """Deactivating takes effect at once: Django refuses the sessions of an inactive user on
    their next request, and the user's API tokens are revoked."""
    user = _locked_user(user, expected_version)
    _check_whole_user(actor, user)
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    revoked = 0 if active else _revoke_tokens(user.memberships.all())
    _bump(user)
    record(
        "user.activated" if active else "user.deactivated",
        actor=actor,
        obj=user,
        data={
            "before": {"is_active": not active},
            "after": {"is_active": active},
            "tokens_revoked": revoked,
        },
    )
    return user


def _agency_snapshot(agency: Agency) -> dict[str, Any]:
    return {
        "name": agency.name,
        "kind": agency.kind,
        "region": agency.region,
        "email": agency.email,
        "is_active": agency.is_active,
    }


def validate_agency_input(name: str, kind: str, region: str, email: str) -> dict[str, str]:
    pack = get_pack()
    errors: dict[str, list[str]] = {}
    name = name.strip()
    if not name:
        errors["name"] = [_("An agency needs a name.")]
    elif len(name) > 200:
        errors["name"] = [_("At most %(limit)s characters.") % {"limit": 200}]
    if kind not in {k.code for k in pack.agency_kinds}:
        errors["kind"] = [_("Choose an agency kind of this jurisdiction.")]
    if region and region not in {r.code for r in pack.regions}:
        errors["region"] = [_("Choose a region of this jurisdiction.")]
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter a valid e-mail address.")]
    if errors:
        raise ValidationError(errors)
    return {"name": name, "kind": kind, "region": region, "email": email}


@transaction.atomic
def do_update_agency(
    *,
    actor: Actor,
    agency: Agency,
    expected_version: int | None,
    name: str,
    kind: str,
    region: str,
    email: str,
    is_active: bool,
) -> Agency:
    """Edits an agency; deactivating it ends its memberships' access (sessions and tokens)."""
    if not actor.can(Cap.USERS_MANAGE_NATIONAL):
        raise _refuse(_("You are not allowed to do this."))
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    _check_version(agency.version, expected_version)
    values = validate_agency_input(name, kind, region, email)
    if not is_active and actor.agency is not None and actor.agency.pk == agency.pk:
        raise ValidationError({"is_active": [_("You cannot deactivate the agency you act for.")]})
    before = _agency_snapshot(agency)
    for field, value in values.items():
        setattr(agency, field, value)
    agency.is_active = is_active
    agency.version += 1
    agency.save(update_fields=[*values, "is_active", "version"])
    change = _changes(before, _agency_snapshot(agency))
    if change["changed"]:
        record("agency.updated", actor=actor, obj=agency, data=change)
    return agency
