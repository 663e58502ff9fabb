"""Vocabulary of cross-border referrals; HTCDS 2.0 names where the standard has them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    NATIONAL_REFERRAL_MECHANISM = "nrm", _("National referral mechanism of another country")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")


class ReferralReason(models.TextChoices):
    """HTCDS cas_ReasonForIncomingReferral."""

    ADDITIONAL_SERVICES = "AdditionalServicesRequired", _("Additional services required")
    MIGRATION = "MigrationOrChangeOfLocation", _("Migration or change of location")
    OTHER = "Other", _("Other")


class SharedPart(models.TextChoices):
    """What of the case a cross-border referral may carry; the sender ticks each one."""

    NAMES = "names", _("Names")
    DATE_OF_BIRTH = "date_of_birth", _("Date of birth")
    PROFILE = "profile", _("Sex / gender and citizenship")
    EXPLOITATION = "exploitation", _("Forms and countries of exploitation")
    CIRCUMSTANCES = "circumstances", _("Circumstances (free text)")


class OutgoingStatus(models.TextChoices):
    SENT = "sent", _("Sent, awaiting the answer")
    ACCEPTED = "accepted", _("Accepted by the partner")
    DECLINED = "declined", _("Declined by the partner")


class IncomingStatus(models.TextChoices):
    RECEIVED = "received", _("Received, to be answered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Decision(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    DECLINE = "decline", _("Decline")
