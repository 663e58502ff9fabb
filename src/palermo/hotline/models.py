"""Hotline calls and messages, agency checks made during them, and tips.

Calls are anonymous by default: the caller's name and contact are kept only when the caller agrees
(``consent_contact``), encrypted like every other identity value, and so is the operator's summary.
Channel, topic, region, language, outcome and dates are plain columns for the statistics.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Agency
from palermo.cases.models import Case
from palermo.core.datakeys import SealedRecord
from palermo.core.fields import EncryptedCharField, EncryptedTextField
from palermo.hotline.vocab import (
    CallLanguage,
    Channel,
    Outcome,
    TipCloseReason,
    TipSource,
    TipStatus,
    Topic,
)


class Call(SealedRecord):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="hotline_calls", verbose_name=_("hotline")
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    region = models.CharField(_("caller's region"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=CallLanguage.choices)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.OPEN
    )
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    # What the caller agreed to: the consent flags travel with the call into a tip or a case.
    consent_contact = models.BooleanField(
        _("caller agrees that we keep name and contact"), default=False
    )
    consent_share = models.BooleanField(
        _("caller agrees that we pass the details to the police"), default=False
    )
    consent_register = models.BooleanField(
        _("caller agrees to be registered as a presumed victim"), default=False
    )
    # The caller's name and contact are sealed with the call's own data key (crypto-shredding).
    caller_name = EncryptedCharField(
        _("caller's name"), max_length=200, blank=True, data_key="data_key"
    )
    caller_contact = EncryptedCharField(
        _("caller's phone or address"), max_length=200, blank=True, data_key="data_key"
    )
    summary = EncryptedTextField(_("notes"), blank=True)
    # The handover: the case the caller became, and the CT unit it was referred to.
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="hotline_calls"
    )
    referral_target = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred to"),
    )
    referral_reference = models.CharField(_("referral"), max_length=60, blank=True)
    # Why the referral could not be created at handover (it is then made from the case later).
    referral_pending_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("hotline call")
        verbose_name_plural = _("hotline calls")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "-received_at"]),
            models.Index(fields=["topic", "region"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"HL-{self.received_at:%Y}-{self.pk:06d}" if self.pk else "HL-new"

    @property
    def is_anonymous(self) -> bool:
        return not (self.caller_name or self.caller_contact)


class AgencyCheck(models.Model):
    """An agency checked during a call: the query and what the registries answered then.

    The answer is copied (public registry data, no personal data) so that the call shows what the
    caller was told even after the registry changes.
    """

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="agency_checks")
    query = models.CharField(_("name, taxpayer number or licence number"), max_length=200)
    results = models.JSONField(default=list)
    checked_at = models.DateTimeField(default=timezone.now)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-checked_at", "-id"]

    def __str__(self) -> str:
        return self.query


class Tip(SealedRecord):
    """A lead about possible trafficking: from the public portal or from a call.

    It waits in the hotline queue until an operator forwards it to the counter-trafficking unit
    of its region (or closes it). The text and any contact are encrypted.
    """

    source = models.CharField(_("source"), max_length=10, choices=TipSource.choices)
    call = models.ForeignKey(
        Call, on_delete=models.SET_NULL, null=True, blank=True, related_name="tips"
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    region = models.CharField(_("region"), max_length=20, blank=True)
    what_happened = EncryptedTextField(_("what happened"), data_key="data_key")
    contact = EncryptedCharField(_("contact"), max_length=200, blank=True, data_key="data_key")
    contact_may_be_shared = models.BooleanField(default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=TipStatus.choices, default=TipStatus.NEW
    )
    forwarded_to = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_tips",
        verbose_name=_("forwarded to"),
    )
    forwarded_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(
        _("reason"), max_length=20, choices=TipCloseReason.choices, blank=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "-received_at"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"TIP-{self.received_at:%Y}-{self.pk:06d}" if self.pk else "TIP-new"
