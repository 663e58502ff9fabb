"""The referral mechanism's tables.

Statistical dimensions (service types, status, urgency, reason, dates, destination country) are
plain indexed columns so that the figures need no decryption; free text about a person (referral
details, reasons, notes, goal descriptions) is encrypted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from palermo.accounts.models import Agency
from palermo.cases.models import Case
from palermo.core.fields import EncryptedTextField
from palermo.referrals.vocab import (
    AvrStatus,
    GoalStatus,
    ReferralReason,
    ReferralStatus,
    SharePart,
    SupportType,
    Urgency,
    age_band,
)


class ServiceOffering(models.Model):
    """The service directory: agency X offers service type Y in regions Z (none listed: national)."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="service_offerings",
        verbose_name=_("agency"),
    )
    service_type = models.CharField(_("service"), max_length=60, db_index=True)
    # True when no regions are listed: the agency serves the whole country.
    national = models.BooleanField(_("whole country"), default=True)
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("Conditions, opening hours, whom to call. Nothing about a person."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("service offering")
        verbose_name_plural = _("service offerings")
        ordering = ["service_type", "agency__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "service_type"], name="referrals_offering_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_type} @ agency {self.agency_id}"

    @property
    def region_codes(self) -> list[str]:
        return sorted(row.region for row in self.region_rows.all())


class ServiceOfferingRegion(models.Model):
    offering = models.ForeignKey(
        ServiceOffering, on_delete=models.CASCADE, related_name="region_rows"
    )
    region = models.CharField(_("region"), max_length=20, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "region"], name="referrals_offering_region_unique"
            )
        ]
        ordering = ["region"]

    def __str__(self) -> str:
        return f"{self.offering_id}: {self.region}"


class Referral(models.Model):
    """A case referred by the agency that owns it to another agency, for named services."""

    reference = models.CharField(_("referral number"), max_length=60, unique=True)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("case")
    )
    from_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="outgoing_referrals",
        verbose_name=_("referring agency"),
    )
    to_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="incoming_referrals",
        verbose_name=_("referred to"),
    )
    reason = models.CharField(_("reason"), max_length=40, choices=ReferralReason.choices)
    # Where the services are needed, as chosen by the sender (else the receiving agency's region;
    # empty for a national body). Not the case's region, which is the sender's.
    region = models.CharField(_("region where the services are needed"), max_length=20, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    details = EncryptedTextField(_("details"), blank=True)
    share_identity = models.BooleanField(_("share identity (names)"), default=False)
    share_date_of_birth = models.BooleanField(_("share date of birth"), default=False)
    share_narrative = models.BooleanField(_("share circumstances and notes"), default=False)
    share_exploitation = models.BooleanField(_("share exploitation facts"), default=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReferralStatus.choices,
        default=ReferralStatus.SENT,
        db_index=True,
    )
    sent_on = models.DateField(_("sent on"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    due_on = models.DateField(_("answer due"))
    response_working_days = models.PositiveSmallIntegerField(_("working days to answer"))
    # The English citation of the rule the due date rests on, e.g. "Belarus pack, procedural rule 2".
    deadline_basis = models.CharField(_("legal basis of the deadline"), max_length=200)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decline_reason = EncryptedTextField(_("reason for declining"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("withdrawn or revoked at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    close_reason = EncryptedTextField(_("reason for withdrawing or revoking"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["to_agency", "status"], name="referrals_to_status_idx"),
            models.Index(fields=["from_agency", "status"], name="referrals_from_status_idx"),
            models.Index(fields=["status", "due_on"], name="referrals_status_due_idx"),
            models.Index(fields=["sent_on"], name="referrals_sent_on_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_agency=models.F("to_agency")),
                name="referrals_not_to_itself",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def share_flags(self) -> frozenset[str]:
        """The parts of the case file the sender chose to share (before consent is applied)."""
        flags = {
            SharePart.IDENTITY: self.share_identity,
            SharePart.DATE_OF_BIRTH: self.share_date_of_birth,
            SharePart.NARRATIVE: self.share_narrative,
            SharePart.EXPLOITATION: self.share_exploitation,
        }
        return frozenset(str(part) for part, on in flags.items() if on)

    @property
    def service_codes(self) -> list[str]:
        return sorted(row.service_type for row in self.services.all())

    @property
    def is_open(self) -> bool:
        return self.status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED)

    @property
    def age_band(self) -> str:
        return age_band(self.case.age_at_identification)


class ReferralService(models.Model):
    """A service a referral asks for: a row each, for counting."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="services")
    service_type = models.CharField(max_length=60, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "service_type"], name="referrals_service_unique"
            )
        ]
        ordering = ["service_type"]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.service_type}"


class ServiceDelivery(models.Model):
    """A service delivered to the person of a case, by the owning agency or a referred one."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="services_delivered")
    service_type = models.CharField(_("service"), max_length=60, db_index=True)
    delivered_on = models.DateField(_("delivered on"), db_index=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    referral = models.ForeignKey(
        Referral,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("referral"),
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")
        ordering = ["-delivered_on", "-id"]

    def __str__(self) -> str:
        return f"{self.service_type} on {self.delivered_on}"


class ReintegrationGoal(models.Model):
    """A goal of a case's reintegration plan."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reintegration_goals")
    support_type = models.CharField(
        _("type of support"), max_length=60, choices=SupportType.choices, db_index=True
    )
    description = EncryptedTextField(_("goal"))
    target_on = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("reintegration goal")
        verbose_name_plural = _("reintegration goals")
        ordering = ["target_on", "id"]

    def __str__(self) -> str:
        return f"goal {self.pk} of case {self.case_id}"


class FollowUp(models.Model):
    """A follow-up contact with the person, and when the next one is due."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="follow_ups")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    followed_up_on = models.DateField(_("date of the follow-up"), db_index=True)
    note = EncryptedTextField(_("note"), blank=True)
    next_follow_up_on = models.DateField(_("next follow-up"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-followed_up_on", "-id"]
        indexes = [models.Index(fields=["case", "-followed_up_on"], name="referrals_followup_idx")]

    def __str__(self) -> str:
        return f"follow-up of case {self.case_id} on {self.followed_up_on}"


class AssistedReturn(models.Model):
    """Assisted voluntary return of the person of a case (IOM's AVR; seed 004 §35, §59-60)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="assisted_return")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AvrStatus.choices,
        default=AvrStatus.COUNSELLING,
        db_index=True,
    )
    decided_on = models.DateField(_("decision to return"), null=True, blank=True)
    destination_country = CountryField(_("country of return"), blank=True, db_index=True)
    departure_on = models.DateField(_("departure"), null=True, blank=True, db_index=True)
    travel_documents = models.BooleanField(_("travel documents"), default=False)
    ticket = models.BooleanField(_("ticket"), default=False)
    escort = models.BooleanField(_("escort"), default=False)
    reintegration_grant = models.BooleanField(_("reintegration grant"), default=False)
    notes = EncryptedTextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("assisted voluntary return")
        verbose_name_plural = _("assisted voluntary returns")

    def __str__(self) -> str:
        return f"return of case {self.case_id}"

    @property
    def assistance(self) -> list[str]:
        return [
            name
            for name in ("travel_documents", "ticket", "escort", "reintegration_grant")
            if getattr(self, name)
        ]


class AvrCounselling(models.Model):
    """A counselling session on the return option."""

    assisted_return = models.ForeignKey(
        AssistedReturn, on_delete=models.CASCADE, related_name="counselling_sessions"
    )
    counselled_on = models.DateField(_("counselled on"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["counselled_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assisted_return", "counselled_on"], name="referrals_avr_session_unique"
            )
        ]

    def __str__(self) -> str:
        return f"counselling on {self.counselled_on}"
