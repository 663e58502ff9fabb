from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key, key_validator

from palermo.accounts.roles import ROLE_CHOICES, ROLES, Role
from palermo.core.fields import EncryptedCharField


class Agency(models.Model):
    """An organisation taking part in the referral mechanism (police unit, NGO, shelter operator…).

    `kind` and `region` are codes from the jurisdiction pack; `catalogue_code` links an agency to
    the pack's agency catalogue when it is one of the bodies the law names.
    """

    name = models.CharField(_("name"), max_length=200)
    catalogue_code = models.SlugField(
        _("catalogue code"), max_length=80, unique=True, null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=60)
    region = models.CharField(_("region"), max_length=20, blank=True)
    email = models.EmailField(_("notification e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Raised by every administrative change: two administrators cannot overwrite each other.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "region"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the interface language: catalogue agencies are named by the pack."""
        if self.catalogue_code:
            from palermo.jurisdictions.pack import get_pack

            entry = get_pack().agency(self.catalogue_code)
            if entry is not None:
                return entry.name()
        return self.name


class User(AbstractUser):  # type: ignore[django-manager-missing]  # django-otp is untyped
    """A person who logs in. What they may do comes from their memberships, not from the user."""

    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)
    # Raised by every administrative change to the user or their memberships (accounts/
    # administration.py): two administrators editing the same user cannot lose an update.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def active_memberships(self) -> models.QuerySet[Membership]:
        return self.memberships.filter(is_active=True, agency__is_active=True).select_related(
            "agency"
        )


class Membership(models.Model):
    """A user's role within one agency. A user may work for several agencies."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=40, choices=ROLE_CHOICES)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.role_obj.label} @ {self.agency}"

    @property
    def role_obj(self) -> Role:
        return ROLES[self.role]


def hash_token_key(key: str) -> str:
    # Keys are 256-bit random values, so a plain SHA-256 is enough to make a stolen table useless;
    # a slow password hash would only slow every API request down.
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token acting as one membership. Only its hash is stored; the key is shown once."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # Issued by a session that had confirmed a second factor. A role that requires one refuses
    # tokens issued without it (e.g. before the requirement was switched on).
    issued_with_second_factor = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now: Any = None) -> bool:
        now = now or timezone.now()
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > now


class AuthenticatorDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (TOTP, RFC 6238) whose secret key is encrypted with the key ring.

    django-otp's own ``TOTPDevice`` stores the key in clear, so anyone who reads the database
    (a backup, a replica, an injected query) could produce codes. This device keeps the same
    fields and reuses django-otp's algorithm (verification with drift, replay protection and
    throttling, the provisioning URL); only the key column differs: an encrypted field, which
    ``rotate_keys`` re-encrypts with the newest key like every other encrypted value.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="authenticator_devices")
    key = EncryptedCharField(
        _("secret key"), max_length=80, validators=[key_validator], default=default_key
    )
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    # django-otp's implementation, unchanged: it reads only the attributes above.
    bin_key = TOTPDevice.bin_key
    verify_token = TOTPDevice.verify_token
    get_throttle_factor = TOTPDevice.get_throttle_factor
    config_url = TOTPDevice.config_url
    _read_str_from_settings = TOTPDevice._read_str_from_settings


class Invitation(models.Model):
    """A single-use, expiring link with which an invited user sets their password.

    Only the token's hash is stored; the link is shown once to the administrator who invited.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation {self.pk} for user {self.user_id}"

    def is_open(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now


class PasskeyDevice(TimestampMixin, Device):
    """A passkey or security key (WebAuthn) registered as a second factor.

    Holds the credential's public key and signature counter, never a secret; the key is still
    encrypted with the key ring like an authenticator app's, because it ties a device to a user.
    It confirms nothing through django-otp's tokens (``verify_token`` stays False): only the
    WebAuthn ceremony in ``palermo.accounts.passkeys`` does.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="passkeys")
    # Random bytes chosen by the authenticator (base64url), looked up at every use.
    credential_id = models.CharField(max_length=1400, unique=True)
    public_key = EncryptedCharField(_("public key"), max_length=2000)  # COSE key, base64url
    sign_count = models.PositiveBigIntegerField(default=0)
    transports = models.JSONField(default=list, blank=True)

    class Meta(Device.Meta):
        verbose_name = _("passkey")
        verbose_name_plural = _("passkeys")


def has_second_factor(user: User) -> bool:
    """Whether the user holds any confirmed second factor (authenticator app or passkey)."""
    return (
        AuthenticatorDevice.objects.filter(user=user, confirmed=True).exists()
        or PasskeyDevice.objects.filter(user=user, confirmed=True).exists()
    )


def second_factor_count(user: User) -> int:
    return (
        AuthenticatorDevice.objects.filter(user=user, confirmed=True).count()
        + PasskeyDevice.objects.filter(user=user, confirmed=True).count()
    )
