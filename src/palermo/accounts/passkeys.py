"""Passkeys (WebAuthn) as a second factor beside the authenticator app.

The browser runs the ceremony (``static/accounts/webauthn.js``); this module makes the options and
checks the answers with py_webauthn. Each challenge is random, kept only in the user's session,
used once (taken out before it is checked, so a failed or replayed answer cannot try it again)
and expires after ``PALERMO_WEBAUTHN_TIMEOUT_SECONDS``. The relying party ID and the accepted
origins come from settings (``PALERMO_WEBAUTHN_RP_ID``, ``PALERMO_WEBAUTHN_ORIGINS``): an answer
signed for another site or sent from another origin is refused. The authenticator's signature
counter must grow at every use; one that goes back means a cloned key and is refused.
"""

from __future__ import annotations

import time
import unicodedata
from typing import Any

import webauthn
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from palermo.accounts.actor import Actor
from palermo.accounts.models import PasskeyDevice, User, second_factor_count
from palermo.core.audit import record

SESSION_CHALLENGE = "palermo_passkey_challenge"
REGISTER = "register"
AUTHENTICATE = "authenticate"
NAME_MAX_LENGTH = 64
# Anything malformed in a browser's answer: py_webauthn raises its own errors for what it
# checks, the others for shapes it does not expect.
_BAD_ANSWER = (WebAuthnException, ValueError, TypeError, KeyError, AttributeError, IndexError)


class PasskeyError(Exception):
    """The browser's answer was refused: the message says why, in the user's language; the code
    (for the audit log) too, in none."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


def passkeys_enabled() -> bool:
    return bool(settings.PALERMO_WEBAUTHN_RP_ID and settings.PALERMO_WEBAUTHN_ORIGINS)


def passkeys_of(user: User) -> Any:
    return PasskeyDevice.objects.filter(user=user, confirmed=True).order_by("created_at", "pk")


def _user_handle(user: User) -> bytes:
    # Stable per user (an authenticator keeps one passkey per site and user) and meaningless
    # outside this installation: no user name or database id leaves the server.
    return salted_hmac("palermo.accounts.passkeys.user_handle", str(user.pk)).digest()


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    found = []
    for passkey in passkeys_of(user):
        transports = [
            AuthenticatorTransport(t)
            for t in passkey.transports
            if t in AuthenticatorTransport._value2member_map_
        ]
        found.append(
            PublicKeyCredentialDescriptor(
                id=webauthn.base64url_to_bytes(passkey.credential_id), transports=transports
            )
        )
    return found


def _remember(session: SessionBase, purpose: str, challenge: bytes) -> None:
    session[SESSION_CHALLENGE] = {
        "purpose": purpose,
        "challenge": bytes_to_base64url(challenge),
        "expires": time.time() + settings.PALERMO_WEBAUTHN_TIMEOUT_SECONDS,
    }


def take_challenge(session: SessionBase, purpose: str) -> bytes:
    """The challenge this session was given for ``purpose``, removed from the session: a second
    answer to the same challenge finds none."""
    stored = session.pop(SESSION_CHALLENGE, None)
    if (
        not isinstance(stored, dict)
        or stored.get("purpose") != purpose
        or not isinstance(stored.get("challenge"), str)
        or not isinstance(stored.get("expires"), int | float)
        or stored["expires"] < time.time()
    ):
        raise PasskeyError(
            _("The passkey request has expired or was already used. Try again."), "challenge"
        )
    return webauthn.base64url_to_bytes(stored["challenge"])


def _timeout_ms() -> int:
    return int(settings.PALERMO_WEBAUTHN_TIMEOUT_SECONDS) * 1000


def registration_options(session: SessionBase, user: User) -> str:
    """The options (JSON) for ``navigator.credentials.create``; the challenge stays in the session.
    The user's passkeys are excluded, so an authenticator cannot be registered twice."""
    options = webauthn.generate_registration_options(
        rp_id=settings.PALERMO_WEBAUTHN_RP_ID,
        rp_name=settings.PALERMO_WEBAUTHN_RP_NAME,
        user_id=_user_handle(user),
        user_name=user.get_username(),
        user_display_name=user.get_full_name() or user.get_username(),
        timeout=_timeout_ms(),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=_descriptors(user),
    )
    _remember(session, REGISTER, options.challenge)
    return webauthn.options_to_json(options)


def authentication_options(session: SessionBase, user: User) -> str:
    """The options (JSON) for ``navigator.credentials.get``, limited to the user's passkeys."""
    options = webauthn.generate_authentication_options(
        rp_id=settings.PALERMO_WEBAUTHN_RP_ID,
        timeout=_timeout_ms(),
        allow_credentials=_descriptors(user),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    _remember(session, AUTHENTICATE, options.challenge)
    return webauthn.options_to_json(options)


def clean_passkey_name(raw: Any) -> str:
    name = unicodedata.normalize("NFC", raw.strip()) if isinstance(raw, str) else ""
    if not name:
        raise ValidationError({"name": _("Give the passkey a name, e.g. the device it is on.")})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("The name can have at most %(n)d characters.") % {"n": NAME_MAX_LENGTH}}
        )
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in name):
        raise ValidationError({"name": _("The name cannot contain control characters.")})
    return name


@transaction.atomic
def do_add_passkey(*, actor: Actor, name: Any, credential: Any, challenge: bytes) -> PasskeyDevice:
    """Registers the passkey the browser has just created, once its answer is checked."""
    name = clean_passkey_name(name)
    if not isinstance(credential, dict):
        raise PasskeyError(_("The browser sent no passkey."))
    try:
        verified = webauthn.verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=settings.PALERMO_WEBAUTHN_RP_ID,
            expected_origin=list(settings.PALERMO_WEBAUTHN_ORIGINS),
        )
    except _BAD_ANSWER:
        raise PasskeyError(_("The passkey could not be registered. Try again.")) from None
    credential_id = bytes_to_base64url(verified.credential_id)
    if PasskeyDevice.objects.filter(credential_id=credential_id).exists():
        raise PasskeyError(_("This passkey is already registered."))
    transports = credential["response"].get("transports")  # the answer was checked above
    if not isinstance(transports, list):
        transports = []
    passkey = PasskeyDevice.objects.create(
        user=actor.user,
        name=name,
        confirmed=True,
        credential_id=credential_id,
        public_key=bytes_to_base64url(verified.credential_public_key),
        sign_count=verified.sign_count,
        transports=[t for t in transports if isinstance(t, str)][:8],
    )
    record("user.passkey_added", actor=actor, obj=actor.user, data={"passkey": passkey.pk})
    return passkey


def user_requires_second_factor(user: User) -> bool:
    return any(m.role_obj.requires_second_factor for m in user.active_memberships())


@transaction.atomic
def do_remove_passkey(*, actor: Actor, passkey: PasskeyDevice) -> None:
    """Removes one of the actor's passkeys, unless it is the last second factor their role needs."""
    User.objects.select_for_update().filter(pk=actor.user.pk).first()  # one removal at a time
    if user_requires_second_factor(actor.user) and second_factor_count(actor.user) <= 1:
        raise ValidationError(
            _("Your role requires a second factor: add another before removing this one.")
        )
    passkey_id = passkey.pk
    passkey.delete()
    record("user.passkey_removed", actor=actor, obj=actor.user, data={"passkey": passkey_id})


def _check_use(user: User, credential: dict[str, Any], challenge: bytes) -> PasskeyDevice:
    """Verifies a ``navigator.credentials.get`` answer and advances the passkey's counter."""
    raw_id, response = credential.get("rawId"), credential.get("response")
    if not isinstance(raw_id, str) or not isinstance(response, dict):
        raise PasskeyError(_("The passkey could not be verified."))
    passkey = (
        PasskeyDevice.objects.select_for_update()
        .filter(user=user, confirmed=True, credential_id=raw_id)
        .first()
    )
    if passkey is None:
        raise PasskeyError(_("This passkey is not registered for your account."), "unknown")
    handle = response.get("userHandle")
    if handle and handle != bytes_to_base64url(_user_handle(user)):
        raise PasskeyError(_("This passkey belongs to another account."), "user_handle")
    try:
        verified = webauthn.verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=settings.PALERMO_WEBAUTHN_RP_ID,
            expected_origin=list(settings.PALERMO_WEBAUTHN_ORIGINS),
            credential_public_key=webauthn.base64url_to_bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
        )
    except _BAD_ANSWER:
        raise PasskeyError(_("The passkey could not be verified.")) from None
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = timezone.now()
    passkey.save(update_fields=["sign_count", "last_used_at"])
    return passkey


def do_use_passkey(*, actor: Actor, credential: Any, challenge: bytes) -> PasskeyDevice:
    """Checks the passkey answer of a log-in or step-up. A refused answer is audited (a clone or
    a stolen password shows up there) and raises ``PasskeyError``."""
    with transaction.atomic():
        try:
            if not isinstance(credential, dict):
                raise PasskeyError(_("The browser sent no passkey."))
            return _check_use(actor.user, credential, challenge)
        except PasskeyError as exc:
            failure = exc
    do_record_passkey_failure(actor=actor, code=failure.code)
    raise failure


@transaction.atomic
def do_record_passkey_failure(*, actor: Actor, code: str) -> None:
    record("user.passkey_failed", actor=actor, obj=actor.user, data={"reason": code})
