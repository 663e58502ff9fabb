from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Agency
from palermo.cases.models.case import Case
from palermo.cases.vocab import TraffickingStatus
from palermo.core.fields import EncryptedTextField


class StatusDecision(models.Model):
    """The competent body's decision: the presumed victim is a victim (actual) or is not.

    Decisions are a history; the case's trafficking status follows the latest. Each stores the
    legal basis it rests on (its key and its citation at the time) and the deadline it had, so the
    National Rapporteur can count decisions made on time. The reasons are encrypted.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="status_decisions")
    outcome = models.CharField(_("decision"), max_length=20, choices=TraffickingStatus.choices)
    previous_status = models.CharField(
        _("status before"), max_length=20, choices=TraffickingStatus.choices
    )
    decided_on = models.DateField(_("date of the decision"))
    due_on = models.DateField(_("decision due by"), null=True, blank=True)
    legal_basis_key = models.CharField(max_length=60)
    legal_basis_citation = models.CharField(_("legal basis"), max_length=300)
    reasons = EncryptedTextField(_("reasons"), blank=True)
    deciding_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("deciding body")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("status decision")
        verbose_name_plural = _("status decisions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["outcome", "decided_on"])]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.outcome} on {self.decided_on}"

    @property
    def on_time(self) -> bool | None:
        return None if self.due_on is None else self.decided_on <= self.due_on
