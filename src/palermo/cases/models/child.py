"""Child victims (seed 004 §13-15, §34): the case of a minor is flagged to the child-protection
authority, and the parent's or guardian's involvement is recorded — who, when, how informed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Agency
from palermo.cases.models.case import Case
from palermo.cases.vocab import GuardianRole, InformedHow
from palermo.core.fields import EncryptedCharField, EncryptedTextField


class ChildProtectionNotice(models.Model):
    """One notification of the child-protection authority about the case of a minor.

    The authority's name is an institution's (plain); the guardian's name and the reasons are
    about a person (encrypted). A guardian who was not informed needs a reason (e.g. the guardian
    is suspected of taking part in the trafficking).
    """

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="child_protection_notices"
    )
    authority_name = models.CharField(_("child-protection authority"), max_length=300)
    notified_on = models.DateField(_("authority notified on"))
    notified_how = models.CharField(
        _("how the authority was notified"), max_length=20, choices=InformedHow.choices
    )
    guardian_role = models.CharField(
        _("parent or guardian"), max_length=20, choices=GuardianRole.choices
    )
    guardian_name = EncryptedCharField(
        _("name of the parent or guardian"), max_length=200, blank=True
    )
    guardian_informed_on = models.DateField(_("guardian informed on"), null=True, blank=True)
    guardian_informed_how = models.CharField(
        _("how the guardian was informed"), max_length=20, choices=InformedHow.choices, blank=True
    )
    guardian_not_informed_reason = EncryptedTextField(
        _("why the guardian was not informed"), blank=True
    )
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recording_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("notification of the child-protection authority")
        verbose_name_plural = _("notifications of the child-protection authority")
        ordering = ["-notified_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.notified_on}"
