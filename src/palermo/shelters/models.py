"""Centres for protection and assistance to victims (Law No. 350-Z, Art. 21): facilities, their
places, and admissions (a decision, then a stay on the waiting list or in a place).

A facility's address and guard details are encrypted: only the operator's staff and national
coordinators may learn where it is. The facts an admission was decided on include health data
and are encrypted as one document; the decision's outcome, rules and legal bases, the place kind
and the dates are plain columns for the occupancy figures.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Agency
from palermo.cases.models import Case
from palermo.core.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField
from palermo.shelters.vocab import (
    AdmissionStatus,
    Destination,
    DischargeReason,
    Guard,
    Outcome,
    Priority,
)


class Facility(models.Model):
    operator = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="shelter_facilities",
        verbose_name=_("operator"),
    )
    name = models.CharField(_("name"), max_length=200)
    region = models.CharField(_("region"), max_length=20, db_index=True)
    address = EncryptedTextField(_("address"))
    guard = models.CharField(_("guard"), max_length=30, choices=Guard.choices)
    guard_details = EncryptedTextField(_("guard details"), blank=True)
    # Codes of the pack's admission groups (shelters.groups) this facility admits.
    admitted_groups = models.JSONField(_("groups admitted"), default=list)
    is_active = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("shelter facility")
        verbose_name_plural = _("shelter facilities")
        ordering = ["region", "name", "id"]

    def __str__(self) -> str:
        return self.name


class FacilityPlaces(models.Model):
    """The places of one kind in a facility. Its row is locked while a place is allocated, so two
    admissions to the last free place cannot both succeed."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="places")
    kind = models.CharField(_("kind of place"), max_length=60)
    capacity = models.PositiveSmallIntegerField(_("places"))

    class Meta:
        ordering = ["facility", "id"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "kind"], name="shelters_places_unique")
        ]

    def __str__(self) -> str:
        return f"{self.facility_id}: {self.kind} × {self.capacity}"


class Admission(models.Model):
    """One request to admit a case's person to a facility: the decision on it (refused or
    admitted, with the pack's rules and legal bases), then the stay — on the waiting list, in a
    place, discharged or transferred."""

    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, related_name="admissions", verbose_name=_("facility")
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="shelter_admissions", verbose_name=_("case")
    )
    # What staff outside the case see instead of the name (seed 004 §34: confidentiality).
    alias = models.CharField(_("alias"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=AdmissionStatus.choices)
    place_kind = models.CharField(_("kind of place"), max_length=60)
    # The decision.
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    rules = models.JSONField(default=list)  # codes of every pack rule that matched
    refused_by = models.JSONField(default=list)  # codes of the rules that refused
    excluded_groups = models.JSONField(default=list)  # groups the facility does not admit
    legal_bases = models.JSONField(default=list)  # keys of the legal bases the decision rests on
    citations = models.JSONField(default=list)  # their English citations at decision time
    # A JSON document (shelters.rules.Facts.to_json), typed loosely: the field stores any JSON.
    facts: Any = EncryptedJSONField(_("facts the decision rests on"))
    guardian_name = EncryptedCharField(
        _("name of the parent or guardian"), max_length=200, blank=True
    )
    decided_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The stay.
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    discharge_reason = models.CharField(
        _("reason"), max_length=30, choices=DischargeReason.choices, blank=True
    )
    destination = models.CharField(
        _("destination"), max_length=30, choices=Destination.choices, blank=True
    )
    discharge_note = EncryptedTextField(_("note"), blank=True)
    transferred_to = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transferred_from",
        verbose_name=_("transferred to"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("admission")
        verbose_name_plural = _("admissions")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["facility", "status", "place_kind"]),
            models.Index(fields=["admitted_on", "discharged_on"]),
        ]
        constraints = [
            # A person occupies one place at a time, and waits at most once per facility.
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="resident"),
                name="shelters_one_place_per_case",
            ),
            models.UniqueConstraint(
                fields=["case", "facility"],
                condition=models.Q(status="waiting"),
                name="shelters_one_wait_per_facility",
            ),
            models.CheckConstraint(
                condition=models.Q(discharged_on__isnull=True)
                | models.Q(discharged_on__gte=models.F("admitted_on")),
                name="shelters_discharge_after_admission",
            ),
        ]

    def __str__(self) -> str:
        # Never the name: the alias is what any log or breadcrumb may show.
        return self.alias

    @property
    def is_open(self) -> bool:
        return self.status in (AdmissionStatus.WAITING, AdmissionStatus.RESIDENT)
