"""Referral vocabulary, following IOM's HTCDS 2.0 where it has a term."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportType(models.TextChoices):
    """HTCDS support-plan types. A jurisdiction adds its own service types (catalogue.py); each of
    those maps to one of these for exports."""

    EDUCATION = "education", _("Education")
    FINANCIAL = "financial", _("Financial support")
    HEALTH = "health", _("Health")
    LABOUR_EXPLOITATION_REHABILITATION = (
        "labour_exploitation_rehabilitation",
        _("Rehabilitation after labour exploitation"),
    )
    LEGAL = "legal", _("Legal assistance")
    LIVELIHOOD = "livelihood", _("Livelihood")
    RIGHTS_BASED_TRAINING = "rights_based_training", _("Rights-based training")
    SEXUAL_EXPLOITATION_REHABILITATION = (
        "sexual_exploitation_rehabilitation",
        _("Rehabilitation after sexual exploitation"),
    )
    SOCIAL_CARE = "social_care", _("Social care")


HTCDS_SUPPORT_TYPE = {
    SupportType.EDUCATION: "Education",
    SupportType.FINANCIAL: "Financial",
    SupportType.HEALTH: "Health",
    SupportType.LABOUR_EXPLOITATION_REHABILITATION: "LabourExploitationRehabilitation",
    SupportType.LEGAL: "Legal",
    SupportType.LIVELIHOOD: "Livelihood",
    SupportType.RIGHTS_BASED_TRAINING: "RightsBasedTraining",
    SupportType.SEXUAL_EXPLOITATION_REHABILITATION: "SexualExploitationRehabilitation",
    SupportType.SOCIAL_CARE: "SocialCare",
}


class ReferralReason(models.TextChoices):
    """HTCDS cas_ReasonForOutgoingReferral / cas_ReasonForIncomingReferral."""

    ADDITIONAL_SERVICES = "additional_services_required", _("Additional services required")
    MIGRATION_OR_RELOCATION = (
        "migration_or_change_of_location",
        _("Migration or change of location"),
    )
    OTHER = "other", _("Other")


HTCDS_REFERRAL_REASON = {
    ReferralReason.ADDITIONAL_SERVICES: "AdditionalServicesRequired",
    ReferralReason.MIGRATION_OR_RELOCATION: "MigrationOrChangeOfLocation",
    ReferralReason.OTHER: "Other",
}


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent")
    EMERGENCY = "emergency", _("Emergency")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent, awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn by the sender")
    REVOKED = "revoked", _("Revoked")


OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class SharePart(models.TextChoices):
    """Parts of the case file a referral can share. The summary (services, urgency, due date,
    region, sex, age band) is always shared: the receiving agency needs it to decide."""

    IDENTITY = "identity", _("Identity (names)")
    DATE_OF_BIRTH = "date_of_birth", _("Date of birth")
    NARRATIVE = "narrative", _("Circumstances (narrative) and case notes")
    EXPLOITATION = "exploitation", _("Exploitation facts (forms, countries, dates)")


# Parts that are identity data: shared only while the person's consent covers the sharing.
CONSENT_PARTS = frozenset({SharePart.IDENTITY, SharePart.DATE_OF_BIRTH, SharePart.NARRATIVE})
ALL_PARTS = frozenset(SharePart.values)


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class AvrStatus(models.TextChoices):
    """Assisted voluntary return, as IOM runs it (seed 004 §35, §59-60)."""

    COUNSELLING = "counselling", _("Counselling")
    APPROVED = "approved", _("Return approved")
    RETURNED = "returned", _("Returned")
    CANCELLED = "cancelled", _("Cancelled")


# CTDC age bands (the published dataset's), for summaries that must not reveal an exact age.
AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 8, "0–8"),
    (9, 17, "9–17"),
    (18, 20, "18–20"),
    (21, 23, "21–23"),
    (24, 26, "24–26"),
    (27, 29, "27–29"),
    (30, 38, "30–38"),
    (39, 47, "39–47"),
    (48, None, "48+"),
)


def age_band(age: int | None) -> str:
    if age is None:
        return ""
    for low, high, label in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    return ""
