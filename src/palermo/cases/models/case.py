from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from palermo.accounts.models import Agency
from palermo.cases.vocab import (
    OPEN_STATUSES,
    CaseStatus,
    ExploitationForm,
    IdentificationMethod,
    TraffickingStatus,
)
from palermo.core.fields import EncryptedTextField
from palermo.jurisdictions.calendar import current_due_date
from palermo.people.models import Person


class Case(models.Model):
    """One episode of (suspected) trafficking of one person, owned by the agency that registered it.

    Statistical dimensions (status, region, countries, dates, age) are plain indexed columns so
    the National Rapporteur's figures need no decryption; the narrative is encrypted.
    """

    reference = models.CharField(_("case number"), max_length=40, unique=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    owning_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="owned_cases",
        verbose_name=_("owning agency"),
    )
    identifying_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="identified_cases",
        null=True,
        blank=True,
        verbose_name=_("identifying agency"),
    )
    identification_method = models.CharField(
        _("how the person was identified"), max_length=40, choices=IdentificationMethod.choices
    )
    trafficking_status = models.CharField(
        _("trafficking status"),
        max_length=20,
        choices=TraffickingStatus.choices,
        default=TraffickingStatus.POSSIBLE,
    )
    status = models.CharField(
        _("case status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.ACTIVE
    )
    closed_on = models.DateField(_("date closed"), null=True, blank=True)
    region = models.CharField(_("region"), max_length=20)
    country_of_recruitment = CountryField(_("country of recruitment"), blank=True)
    country_of_exploitation = CountryField(_("country of exploitation"), blank=True)
    identified_on = models.DateField(_("date of identification"))
    exploitation_started_on = models.DateField(_("exploitation began"), null=True, blank=True)
    exploitation_ended_on = models.DateField(_("exploitation ended"), null=True, blank=True)
    age_at_identification = models.PositiveSmallIntegerField(
        _("age at identification"), null=True, blank=True
    )
    is_minor = models.BooleanField(_("minor at identification"), null=True)
    narrative = EncryptedTextField(_("circumstances"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The owning agency's member who works the case (cases.services.assignment assigns it).
    assigned_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assigned case worker"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: an edit names the version it started from, so a concurrent edit is
    # refused instead of silently overwritten.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owning_agency", "-created_at"]),
            models.Index(fields=["trafficking_status", "status"]),
            models.Index(fields=["region", "identified_on"]),
            models.Index(fields=["country_of_exploitation"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(exploitation_ended_on__isnull=True)
                | models.Q(exploitation_started_on__isnull=True)
                | models.Q(exploitation_ended_on__gte=models.F("exploitation_started_on")),
                name="case_exploitation_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def exploitation_form_codes(self) -> list[str]:
        return [f.form for f in self.exploitation_forms.all()]

    def get_exploitation_forms_display(self) -> list[str]:
        labels = dict(ExploitationForm.choices)
        return [str(labels.get(code, code)) for code in self.exploitation_form_codes]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def awaits_status_decision(self) -> bool:
        """A presumed victim whose open case still waits for the competent body's decision."""
        return self.trafficking_status == TraffickingStatus.POSSIBLE and self.is_open

    @property
    def status_decision_due_on(self) -> date:
        """When the decision on victim status is due: the pack's ``status_decision`` deadline,
        in working days from the date of identification."""
        return current_due_date("status_decision", self.identified_on)


class CaseExploitation(models.Model):
    """A form of exploitation in a case (a case may have several): a row each, for counting."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exploitation_forms")
    form = models.CharField(max_length=40, choices=ExploitationForm.choices, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "form"], name="case_exploitation_unique")
        ]
        ordering = ["form"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.form}"
