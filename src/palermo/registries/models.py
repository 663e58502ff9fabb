"""The Ministry of Interior's registries (Law No. 350-Z, Art. 14-17, 29-30).

Licence holders, organisations and advertisers are legal persons or entrepreneurs whose data the
law has published: plain columns. People reported as tourists who did not return and students
sent abroad are private persons: their names and dates of birth are encrypted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from palermo.accounts.models import Agency
from palermo.core.datakeys import SealedRecord
from palermo.core.fields import EncryptedCharField, EncryptedDateField
from palermo.people.vocab import Gender
from palermo.registries.search import fold
from palermo.registries.vocab import (
    EXPIRED,
    EXPIRED_LABEL,
    AdvertKind,
    AdvertParty,
    AdvertStatus,
    CastingCheckOutcome,
    CastingPurpose,
    DecisionOutcome,
    HolderType,
    LicenceKind,
    LicenceStatus,
    OrganisationKind,
    OrganisationStage,
    OrganisationStepKind,
    TravelPurpose,
)

NAME_LENGTH = 300
NUMBER_LENGTH = 60
DOCUMENT_LENGTH = 200


class Versioned(models.Model):
    # The public names of the entry, folded for search (see search.py); set on every save.
    name_key = models.CharField(max_length=700, blank=True, default="", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking, as for cases: an edit names the version it started from.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.set_name_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def set_name_key(self) -> None:
        """Also called before a bulk insert, which does not go through ``save``."""
        self.name_key = fold(" | ".join(self.searchable_names()))[:700]

    def searchable_names(self) -> list[str]:
        return []


# --- Licences (Art. 14, Art. 16 p.3) ----------------------------------------------------------


class Licence(Versioned):
    kind = models.CharField(_("kind of activity"), max_length=30, choices=LicenceKind.choices)
    number = models.CharField(_("licence number"), max_length=NUMBER_LENGTH)
    holder_name = models.CharField(_("holder"), max_length=NAME_LENGTH)
    holder_type = models.CharField(_("holder type"), max_length=30, choices=HolderType.choices)
    taxpayer_number = models.CharField(_("taxpayer number (UNP)"), max_length=20, db_index=True)
    issued_on = models.DateField(_("issued on"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=LicenceStatus.choices, default=LicenceStatus.ACTIVE
    )
    legal_basis = models.CharField(_("legal basis"), max_length=200)

    class Meta:
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        ordering = ["holder_name", "number"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="licence_number_unique"),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="licence_validity_ordered",
            ),
        ]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return f"{self.number} ({self.holder_name})"

    def searchable_names(self) -> list[str]:
        return [self.holder_name]

    def effective_status(self, today: date | None = None) -> str:
        """The stored status, or "expired" once the validity has run out (not stored)."""
        today = today or timezone.localdate()
        if self.status != LicenceStatus.REVOKED and self.valid_until and self.valid_until < today:
            return EXPIRED
        return self.status

    def get_effective_status_display(self) -> str:
        status = self.effective_status()
        if status == EXPIRED:
            return str(EXPIRED_LABEL)
        return str(LicenceStatus(status).label)

    def is_valid_on(self, day: date | None = None) -> bool:
        day = day or timezone.localdate()
        return (
            self.status == LicenceStatus.ACTIVE
            and self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
        )


class LicenceStatusChange(models.Model):
    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=LicenceStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=LicenceStatus.choices)
    decided_on = models.DateField(_("decision date"))
    document_reference = models.CharField(_("document"), max_length=DOCUMENT_LENGTH)
    reason = models.TextField(_("reason"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("licence status change")
        verbose_name_plural = _("licence status changes")
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.licence_id}: {self.from_status} → {self.to_status}"


# --- Organisations involved in trafficking (Art. 29-30, Regulation No. 427) -------------------


class InvolvedOrganisation(Versioned):
    name = models.CharField(_("name"), max_length=NAME_LENGTH)
    registration_number = models.CharField(
        _("registration number (UNP)"), max_length=NUMBER_LENGTH, blank=True, db_index=True
    )
    country = CountryField(_("country"))
    kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=OrganisationKind.choices
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=OrganisationStage.choices, db_index=True
    )
    # Dates of the steps, copied from the steps for lists, filters and the published list.
    suspended_on = models.DateField(_("suspended on"))
    court_requested_on = models.DateField(_("request to the Supreme Court"), null=True, blank=True)
    ruling_on = models.DateField(_("ruling of the Supreme Court"), null=True, blank=True)
    listed_on = models.DateField(_("included in the list on"), null=True, blank=True)
    liquidated_on = models.DateField(_("liquidated on"), null=True, blank=True)
    confiscated_amount = models.DecimalField(
        _("confiscated property"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    confiscated_currency = models.CharField(_("currency"), max_length=3, blank=True)
    office_ban_on = models.DateField(_("ban on opening offices"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisation involved in trafficking")
        verbose_name_plural = _("organisations involved in trafficking")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~models.Q(registration_number=""),
                name="involved_org_registration_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def searchable_names(self) -> list[str]:
        return [self.name]

    @property
    def is_published(self) -> bool:
        return (
            self.ruling_on is not None
            and self.listed_on is not None
            and self.stage
            in (
                OrganisationStage.LISTED,
                OrganisationStage.LIQUIDATED,
            )
        )

    @property
    def is_foreign(self) -> bool:
        return self.kind in (OrganisationKind.FOREIGN, OrganisationKind.INTERNATIONAL)


class OrganisationStep(models.Model):
    organisation = models.ForeignKey(
        InvolvedOrganisation, on_delete=models.CASCADE, related_name="steps"
    )
    step = models.CharField(_("step"), max_length=20, choices=OrganisationStepKind.choices)
    occurred_on = models.DateField(_("date"))
    document_reference = models.CharField(_("document"), max_length=DOCUMENT_LENGTH)
    legal_basis_key = models.CharField(max_length=80)
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["occurred_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "step"], name="org_step_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.step}"


# --- Tourists who did not return (Art. 15 p.3) ------------------------------------------------


class TouristReport(Versioned):
    report_number = models.CharField(_("report number"), max_length=NUMBER_LENGTH)
    agency_name = models.CharField(_("tourist agency"), max_length=NAME_LENGTH)
    agency_taxpayer_number = models.CharField(
        _("agency taxpayer number (UNP)"), max_length=20, db_index=True
    )
    agency_licence_number = models.CharField(
        _("agency licence number"), max_length=NUMBER_LENGTH, blank=True
    )
    region = models.CharField(_("region"), max_length=20, db_index=True)
    destination_country = CountryField(_("destination country"))
    departed_on = models.DateField(_("group departed on"))
    returned_on = models.DateField(_("group returned on"))
    reported_on = models.DateField(_("reported on"))
    due_on = models.DateField(_("report due on"))
    late_by_working_days = models.PositiveSmallIntegerField(_("late by (working days)"), default=0)
    legal_basis = models.CharField(_("legal basis"), max_length=200)

    class Meta:
        verbose_name = _("tourist non-return report")
        verbose_name_plural = _("tourist non-return reports")
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency_taxpayer_number", "report_number"], name="tourist_report_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(returned_on__gte=models.F("departed_on")),
                name="tourist_report_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_number} ({self.agency_name})"

    def searchable_names(self) -> list[str]:
        return [self.agency_name]

    @property
    def is_late(self) -> bool:
        return self.late_by_working_days > 0


class ReportedTourist(SealedRecord):
    report = models.ForeignKey(TouristReport, on_delete=models.CASCADE, related_name="tourists")
    # The identity is sealed with the tourist's own data key (crypto-shredding).
    family_name = EncryptedCharField(_("family name"), max_length=200, data_key="data_key")
    given_name = EncryptedCharField(
        _("given name"), max_length=200, blank=True, data_key="data_key"
    )
    patronymic = EncryptedCharField(
        _("patronymic"), max_length=200, blank=True, data_key="data_key"
    )
    date_of_birth = EncryptedDateField(
        _("date of birth"), null=True, blank=True, data_key="data_key"
    )
    gender = models.CharField(
        _("sex / gender"), max_length=32, choices=Gender.choices, default=Gender.UNKNOWN
    )
    citizenship = CountryField(_("citizenship"))
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("at-risk case"),
    )

    class Meta:
        verbose_name = _("tourist who did not return")
        verbose_name_plural = _("tourists who did not return")
        ordering = ["report", "id"]

    def __str__(self) -> str:
        # Never the name (logs, admin, error reports).
        return f"{self.report_id}/{self.pk}"

    @property
    def display_name(self) -> str:
        return " ".join(p for p in [self.family_name, self.given_name, self.patronymic] if p)


# --- Adverts for work or study abroad (Art. 16 p.5) -------------------------------------------


class Advert(Versioned):
    submission_number = models.CharField(
        _("submission number"), max_length=NUMBER_LENGTH, unique=True
    )
    advertiser_name = models.CharField(_("advertiser"), max_length=NAME_LENGTH)
    advertiser_taxpayer_number = models.CharField(
        _("advertiser taxpayer number (UNP)"), max_length=20, db_index=True
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AdvertKind.choices)
    media = models.CharField(_("media"), max_length=300)
    text = models.TextField(_("text of the advert"))
    submitted_on = models.DateField(_("submitted on"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AdvertStatus.choices,
        default=AdvertStatus.PENDING,
        db_index=True,
    )
    legal_basis = models.CharField(_("legal basis"), max_length=200)

    class Meta:
        verbose_name = _("advert")
        verbose_name_plural = _("adverts")
        ordering = ["-submitted_on", "-id"]

    def __str__(self) -> str:
        return self.submission_number

    def searchable_names(self) -> list[str]:
        return [self.advertiser_name]

    def decision_of(self, party: str) -> AdvertDecision | None:
        return next((d for d in self.decisions.all() if d.party == party), None)


class AdvertDecision(models.Model):
    advert = models.ForeignKey(Advert, on_delete=models.CASCADE, related_name="decisions")
    party = models.CharField(_("ministry"), max_length=20, choices=AdvertParty.choices)
    outcome = models.CharField(_("decision"), max_length=10, choices=DecisionOutcome.choices)
    reason = models.TextField(_("reason"), blank=True)
    decided_on = models.DateField(_("decided on"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("advert decision")
        verbose_name_plural = _("advert decisions")
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["advert", "party"], name="advert_decision_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.advert_id}: {self.party} {self.outcome}"


# --- Students sent abroad during the academic year (Art. 17) ----------------------------------


class StudentNotice(Versioned):
    notice_number = models.CharField(_("notice number"), max_length=NUMBER_LENGTH)
    sender_name = models.CharField(_("sending organisation"), max_length=NAME_LENGTH)
    sender_taxpayer_number = models.CharField(
        _("sending organisation taxpayer number (UNP)"), max_length=20, db_index=True
    )
    institution_name = models.CharField(_("educational institution"), max_length=NAME_LENGTH)
    family_name = EncryptedCharField(_("family name"), max_length=200)
    given_name = EncryptedCharField(_("given name"), max_length=200, blank=True)
    patronymic = EncryptedCharField(_("patronymic"), max_length=200, blank=True)
    date_of_birth = EncryptedDateField(_("date of birth"), null=True, blank=True)
    destination_country = CountryField(_("destination country"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=TravelPurpose.choices)
    departs_on = models.DateField(_("departs on"))
    returns_on = models.DateField(_("returns on"))
    permission_date = models.DateField(_("date of the head's written permission"))
    permission_number = models.CharField(
        _("number of the head's written permission"), max_length=NUMBER_LENGTH
    )
    migration_informed_on = models.DateField(
        _("citizenship and migration authorities informed on"), null=True, blank=True
    )
    legal_basis = models.CharField(_("legal basis"), max_length=200)

    class Meta:
        verbose_name = _("student travel notice")
        verbose_name_plural = _("student travel notices")
        ordering = ["-departs_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender_taxpayer_number", "notice_number"], name="student_notice_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(returns_on__gte=models.F("departs_on")),
                name="student_notice_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice_number} ({self.sender_name})"

    def searchable_names(self) -> list[str]:
        return [self.sender_name, self.institution_name]

    @property
    def display_name(self) -> str:
        return " ".join(p for p in [self.family_name, self.given_name, self.patronymic] if p)


# --- Castings for advertising or jobs (Art. 15 p.1-2) -----------------------------------------


class Casting(Versioned):
    """A casting: a competitive selection of candidates for advertising projects or subsequent
    employment, with its organiser and its published notice. The organiser is a legal person or
    an entrepreneur (plain columns); candidates are not recorded here."""

    registration_number = models.CharField(
        _("registration number"), max_length=NUMBER_LENGTH, unique=True
    )
    organiser_name = models.CharField(_("organiser"), max_length=NAME_LENGTH)
    organiser_taxpayer_number = models.CharField(
        _("organiser taxpayer number (UNP)"), max_length=20, db_index=True
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=CastingPurpose.choices)
    destination_country = CountryField(_("country of the work"), blank=True)
    notice_text = models.TextField(_("text of the notice"))
    notice_media = models.CharField(_("where the notice was published"), max_length=300)
    notice_published_on = models.DateField(_("notice published on"))
    held_from = models.DateField(_("held from"))
    held_until = models.DateField(_("held until"))
    place = models.CharField(_("place"), max_length=300)
    # The outcome of the latest check, copied for lists and filters (blank: never checked).
    last_check_outcome = models.CharField(
        _("latest check"), max_length=20, choices=CastingCheckOutcome.choices, blank=True
    )
    legal_basis = models.CharField(_("legal basis"), max_length=200)

    class Meta:
        verbose_name = _("casting")
        verbose_name_plural = _("castings")
        ordering = ["-held_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(held_until__gte=models.F("held_from")),
                name="casting_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_number} ({self.organiser_name})"

    def searchable_names(self) -> list[str]:
        return [self.organiser_name]


class CastingCheck(models.Model):
    """A check of a casting by the internal affairs bodies, with what it found."""

    casting = models.ForeignKey(Casting, on_delete=models.CASCADE, related_name="checks")
    checked_on = models.DateField(_("checked on"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=CastingCheckOutcome.choices)
    findings = models.TextField(_("findings"), blank=True)
    offence_report = models.CharField(
        _("administrative offence report"), max_length=DOCUMENT_LENGTH, blank=True
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("casting check")
        verbose_name_plural = _("casting checks")
        ordering = ["checked_on", "id"]

    def __str__(self) -> str:
        return f"{self.casting_id}: {self.outcome}"
