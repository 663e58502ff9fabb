"""Registry vocabulary. HTCDS 2.0 has no terms for licensing or for organisations involved in
trafficking, so these follow the wording of Law No. 350-Z (seed 000, Art. 14-17, 29-30)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LicenceKind(models.TextChoices):
    EMPLOYMENT_ABROAD = "employment_abroad", _("Placing citizens in jobs abroad")
    MARRIAGE_AGENCY = "marriage_agency", _("Marriage agency")


class HolderType(models.TextChoices):
    LEGAL_PERSON = "legal_person", _("Legal person")
    INDIVIDUAL_ENTREPRENEUR = "individual_entrepreneur", _("Individual entrepreneur")


class LicenceStatus(models.TextChoices):
    """Stored statuses. "Expired" is not stored: it follows from the validity dates."""

    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


EXPIRED = "expired"
EXPIRED_LABEL = _("Expired")

# Which stored status may follow which.
LICENCE_TRANSITIONS: dict[str, frozenset[str]] = {
    LicenceStatus.ACTIVE: frozenset({LicenceStatus.SUSPENDED, LicenceStatus.REVOKED}),
    LicenceStatus.SUSPENDED: frozenset({LicenceStatus.ACTIVE, LicenceStatus.REVOKED}),
    LicenceStatus.REVOKED: frozenset(),
}


class OrganisationKind(models.TextChoices):
    DOMESTIC = "domestic", _("Registered in the country")
    FOREIGN = "foreign", _("Foreign organisation")
    INTERNATIONAL = "international", _("International organisation")


class OrganisationStage(models.TextChoices):
    """Art. 29: suspension by the Prosecutor General, request to the Supreme Court, ruling,
    inclusion in the published list (Regulation No. 427), liquidation and confiscation."""

    SUSPENDED = "suspended", _("Suspended by the Prosecutor General")
    COURT_REQUESTED = "court_requested", _("Request sent to the Supreme Court")
    RECOGNISED = "recognised", _("Recognised by the Supreme Court as involved in trafficking")
    REJECTED = "rejected", _("Request rejected by the Supreme Court")
    LISTED = "listed", _("Included in the published list")
    LIQUIDATED = "liquidated", _("Liquidated, property confiscated")


class OrganisationStepKind(models.TextChoices):
    SUSPENDED = "suspended", _("Suspension by the Prosecutor General")
    COURT_REQUESTED = "court_requested", _("Request to the Supreme Court")
    RECOGNISED = "recognised", _("Ruling: recognised as involved in trafficking")
    REJECTED = "rejected", _("Ruling: request rejected")
    LISTED = "listed", _("Inclusion in the published list")
    LIQUIDATED = "liquidated", _("Liquidation and confiscation of property")
    OFFICE_BAN = "office_ban", _("Ban on opening offices (foreign or international organisation)")


class AdvertKind(models.TextChoices):
    WORK = "work", _("Work abroad")
    STUDY = "study", _("Study abroad")


class AdvertStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting agreement")
    APPROVED = "approved", _("Agreed by both ministries")
    REFUSED = "refused", _("Refused")


class AdvertParty(models.TextChoices):
    INTERIOR = "interior", _("Ministry of Internal Affairs")
    EDUCATION = "education", _("Ministry of Education")


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Agreed")
    REFUSED = "refused", _("Refused")


class TravelPurpose(models.TextChoices):
    """Art. 17 p.2: study, or sports, cultural and other mass events during the academic year."""

    STUDY = "study", _("Study")
    SPORTS = "sports", _("Sports event")
    CULTURAL = "cultural", _("Cultural event")
    OTHER_EVENT = "other_event", _("Other mass event")


class CastingPurpose(models.TextChoices):
    """Art. 15 p.1-2: selection for advertising projects or for subsequent employment."""

    ADVERTISING = "advertising", _("Advertising project")
    MODELLING = "modelling", _("Modelling work")
    EMPLOYMENT_ABROAD = "employment_abroad", _("Employment abroad")
    EMPLOYMENT = "employment", _("Other subsequent employment")


class CastingCheckOutcome(models.TextChoices):
    """What a check of a casting by the internal affairs bodies found."""

    COMPLIANT = "compliant", _("Complies with the law")
    VIOLATIONS = "violations", _("Violations found")
