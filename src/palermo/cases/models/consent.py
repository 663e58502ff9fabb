from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Agency
from palermo.cases.models.case import Case
from palermo.cases.vocab import ConsentGiver, ConsentPurpose
from palermo.core.fields import EncryptedCharField, EncryptedTextField

# The HTCDS consent checklist: each item must have been explained (a recorded yes).
CHECKLIST = (
    "purpose_explained",
    "uses_explained",
    "research_use_explained",
    "right_of_access_explained",
    "retention_explained",
    "withdrawal_explained",
)


class Consent(models.Model):
    """Informed consent for one purpose. Withdrawing it takes effect at once.

    A minor's consent is given by a parent or by whoever acts in loco parentis: ``given_by`` says
    who (the relation), ``giver_name`` their name (encrypted). At most one consent per case and
    purpose is in force at a time; a withdrawn one stays as history.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=40, choices=ConsentPurpose.choices)
    given_on = models.DateField(_("date given"))
    given_by = models.CharField(
        _("given by"), max_length=20, choices=ConsentGiver.choices, default=ConsentGiver.PERSON
    )
    giver_name = EncryptedCharField(
        _("name of the person giving consent"), max_length=200, blank=True
    )
    purpose_explained = models.BooleanField(_("the purpose was explained"), default=False)
    uses_explained = models.BooleanField(
        _("who will use the data, and how, was explained"), default=False
    )
    research_use_explained = models.BooleanField(
        _("whether the data may be used for research was explained"), default=False
    )
    right_of_access_explained = models.BooleanField(
        _("the right to see one's own data was explained"), default=False
    )
    retention_explained = models.BooleanField(
        _("how long the data are kept was explained"), default=False
    )
    withdrawal_explained = models.BooleanField(
        _("how to withdraw consent was explained"), default=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recording_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    withdrawn_on = models.DateField(_("date withdrawn"), null=True, blank=True)
    withdrawal_reason = EncryptedTextField(_("reason for withdrawal"), blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["purpose", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_one_in_force_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.purpose}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None
