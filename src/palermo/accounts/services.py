"""Every change to agencies, users, memberships and tokens. Each function is one audited transaction."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency, ApiToken, Membership, User, hash_token_key
from palermo.accounts.roles import ROLES, Cap
from palermo.core.audit import record
from palermo.jurisdictions.pack import get_pack

if TYPE_CHECKING:
    from palermo.accounts.models import AuthenticatorDevice


def _require(actor: Actor | None, capability: Cap) -> None:
    # Service-level checks back up the views: the CLI and demo loader pass actor=None (system).
    if actor is not None and not actor.can(capability):
        raise ValidationError(_("You are not allowed to do this."))


def _validate_agency_codes(kind: str, region: str) -> None:
    pack = get_pack()
    errors: dict[str, str] = {}
    if kind not in {k.code for k in pack.agency_kinds}:
        errors["kind"] = _("'%(kind)s' is not an agency kind of this jurisdiction.") % {
            "kind": kind
        }
    if region and region not in {r.code for r in pack.regions}:
        errors["region"] = _("'%(region)s' is not a region of this jurisdiction.") % {
            "region": region
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_create_agency(
    *,
    actor: Actor | None,
    name: str,
    kind: str,
    region: str = "",
    catalogue_code: str | None = None,
    email: str = "",
) -> Agency:
    _require(actor, Cap.USERS_MANAGE_NATIONAL)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("An agency needs a name.")})
    _validate_agency_codes(kind, region)
    if catalogue_code and Agency.objects.filter(catalogue_code=catalogue_code).exists():
        raise ValidationError(
            {"catalogue_code": _("An agency with this catalogue code already exists.")}
        )
    agency = Agency.objects.create(
        name=name, kind=kind, region=region, catalogue_code=catalogue_code or None, email=email
    )
    record(
        "agency.created",
        actor=actor,
        obj=agency,
        data={"kind": kind, "region": region, "catalogue_code": catalogue_code or ""},
    )
    return agency


@transaction.atomic
def do_create_user(
    *,
    actor: Actor | None,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    _require(actor, Cap.USERS_MANAGE_NATIONAL)
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("A user needs a user name.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is taken.")})
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.save()
    record("user.created", actor=actor, obj=user, data={"username": username})
    return user


@transaction.atomic
def do_add_membership(*, actor: Actor | None, user: User, agency: Agency, role: str) -> Membership:
    if actor is not None and not (
        actor.can(Cap.USERS_MANAGE_NATIONAL)
        or (actor.can(Cap.USERS_MANAGE_AGENCY) and actor.agency == agency)
    ):
        raise ValidationError(_("You are not allowed to do this."))
    if role not in ROLES:
        raise ValidationError({"role": _("'%(role)s' is not a role.") % {"role": role}})
    membership, created = Membership.objects.get_or_create(user=user, agency=agency, role=role)
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    record(
        "membership.granted",
        actor=actor,
        obj=membership,
        data={"user_id": user.pk, "agency_id": agency.pk, "role": role},
    )
    return membership


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # shown to the user once, never stored


@transaction.atomic
def do_issue_api_token(
    *, actor: Actor, name: str, expires_at: datetime | None = None
) -> IssuedToken:
    if actor.membership is None or not actor.can(Cap.API_TOKENS):
        raise ValidationError(_("Your role cannot use the API."))
    if actor.needs_second_factor:
        raise ValidationError(_("Confirm your second factor before creating an API token."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the integration using it.")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    prefix = secrets.token_hex(4)
    key = f"plm_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        membership=actor.membership,
        name=name,
        prefix=prefix,
        key_hash=hash_token_key(key),
        expires_at=expires_at,
        issued_with_second_factor=actor.second_factor_at is not None,
    )
    record("api_token.issued", actor=actor, obj=token, data={"name": name, "prefix": prefix})
    return IssuedToken(token=token, key=key)


@transaction.atomic
def do_revoke_api_token(*, actor: Actor, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record("api_token.revoked", actor=actor, obj=token, data={"prefix": token.prefix})
    return token


@transaction.atomic
def do_change_password(*, actor: Actor, old_password: str, new_password: str) -> User:
    user = actor.user
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("Your current password is not correct.")})
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password1": exc.messages}) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record("user.password_changed", actor=actor, obj=user)
    return user


@transaction.atomic
def do_confirm_totp_device(*, actor: Actor, key: str) -> AuthenticatorDevice:
    """Turns on the TOTP device whose key the user has just proved to hold (one per user)."""
    from palermo.accounts.models import AuthenticatorDevice

    AuthenticatorDevice.objects.filter(user=actor.user).delete()
    device = AuthenticatorDevice.objects.create(
        user=actor.user, name="authenticator", key=key, confirmed=True
    )
    record("user.second_factor_enabled", actor=actor, obj=actor.user)
    return device
