from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Agency
from palermo.cases.models.case import Case
from palermo.cases.vocab import CaseStatus, ClosureReason
from palermo.core.fields import EncryptedTextField


class CaseStatusChange(models.Model):
    """One change of the case status (HTCDS cas_Status): closing, reopening. A history."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=CaseStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=CaseStatus.choices)
    changed_on = models.DateField(_("date"))
    reason = models.CharField(
        _("reason for closing"), max_length=30, choices=ClosureReason.choices, blank=True
    )
    note = EncryptedTextField(_("note"), blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("case status change")
        verbose_name_plural = _("case status changes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_status} → {self.to_status}"
