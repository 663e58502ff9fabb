"""Partners abroad, this installation's key pair, and referrals that cross the border.

Private keys are stored encrypted with the key ring (like every identity value); the decrypted
content of an incoming referral is kept encrypted too, until a case is made of it. A package's
id is recorded once (``SeenPackage``): the database refuses the same id twice, so a replayed or
re-uploaded package never acts twice, even from two requests at once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from palermo.accounts.models import Agency
from palermo.cases.models import Case
from palermo.core.fields import EncryptedJSONField, EncryptedTextField
from palermo.crossborder.package import grouped
from palermo.crossborder.vocab import (
    IncomingStatus,
    OutgoingStatus,
    PartnerKind,
    ReferralReason,
)


class InstallationKey(models.Model):
    """This installation's own key pair, generated once (a single row)."""

    # Always True and unique: a second key pair cannot be created, even by two requests at once.
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    encryption_private = EncryptedTextField(_("encryption private key"))
    signing_private = EncryptedTextField(_("signing private key"))
    encryption_public = models.CharField(_("encryption public key"), max_length=64)
    signing_public = models.CharField(_("signing public key"), max_length=64)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("installation key pair")

    def __str__(self) -> str:
        return grouped(self.fingerprint)


class Partner(models.Model):
    """A partner country's referral mechanism or an international organisation."""

    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"), blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=PartnerKind.choices)
    encryption_key = models.CharField(_("encryption public key (X25519)"), max_length=64)
    signing_key = models.CharField(_("signing public key (Ed25519)"), max_length=64)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    endpoint_url = models.URLField(_("API address of its Palermo installation"), blank=True)
    receiving_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="crossborder_partners",
        verbose_name=_("agency that receives its referrals"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("partner abroad")
        verbose_name_plural = _("partners abroad")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def fingerprint_grouped(self) -> str:
        return grouped(self.fingerprint)


class OutgoingReferral(models.Model):
    """A case referred to a partner abroad; the sealed package is kept for download."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="outgoing")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="crossborder_outgoing")
    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    package_id = models.CharField(max_length=36, unique=True)
    reason = models.CharField(_("reason"), max_length=40, choices=ReferralReason.choices)
    shared_parts = models.JSONField(_("shared parts"), default=list)
    note = EncryptedTextField(_("note to the partner"), blank=True)
    package = models.TextField(_("sealed package"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("package expires"))
    delivered_at = models.DateTimeField(_("delivered to the partner's API"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=OutgoingStatus.choices, default=OutgoingStatus.SENT
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer_reason = EncryptedTextField(_("partner's reason"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("outgoing cross-border referral")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"XO-{self.pk:06d}"


class IncomingReferral(models.Model):
    """A referral received from a partner abroad, waiting in the receiving agency's queue."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="incoming")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="crossborder_incoming"
    )
    package_id = models.CharField(max_length=36, unique=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    expires_at = models.DateTimeField(_("package expires"))
    reason = models.CharField(_("reason"), max_length=40, blank=True)
    payload = EncryptedJSONField(_("content"))
    possible_duplicates = models.PositiveIntegerField(_("possible duplicates found"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=IncomingStatus.choices, default=IncomingStatus.RECEIVED
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="crossborder_incoming",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer_reason = EncryptedTextField(_("reason given"), blank=True)
    answer_package = models.TextField(_("sealed answer"), blank=True)
    answer_delivered_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("incoming cross-border referral")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"XI-{self.pk:06d}"


class SeenPackage(models.Model):
    """Every package id this installation accepted: a replay is refused by the unique key."""

    package_id = models.CharField(max_length=36, unique=True)
    kind = models.CharField(max_length=20)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.package_id
