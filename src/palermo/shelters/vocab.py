"""Shelter vocabulary: admission statuses, the facts the admission form collects, guard
arrangements, discharge reasons and destinations.

The fact values are those of the pack's rule language (``jurisdictions.sections_shelters.FACTS``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AdmissionStatus(models.TextChoices):
    REFUSED = "refused", _("Refused")
    WAITING = "waiting", _("On the waiting list")
    RESIDENT = "resident", _("Resident")
    DISCHARGED = "discharged", _("Discharged")
    TRANSFERRED = "transferred", _("Transferred")
    WITHDRAWN = "withdrawn", _("Removed from the waiting list")


class Outcome(models.TextChoices):
    ADMIT = "admit", _("Admitted")
    REFUSE = "refuse", _("Refused")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other / not stated")


class Citizenship(models.TextChoices):
    NATIONAL = "national", _("Citizen of this country")
    FOREIGN = "foreign", _("Foreign citizen")
    STATELESS = "stateless", _("Stateless person")


class Disease(models.TextChoices):
    NONE = "none", _("No disease or infection known")
    ORDINARY = "ordinary", _("A disease or infection that the law does not class as below")
    COMMUNICABLE = "communicable", _("A communicable disease as defined by the law")
    SOCIALLY_DANGEROUS = (
        "socially_dangerous",
        _("A socially dangerous disease as defined by the law"),
    )


class GuardianRelation(models.TextChoices):
    PARENT = "parent", _("Parent")
    LOCO_PARENTIS = "loco_parentis", _("Whoever acts in loco parentis (guardian, trustee)")


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    NORMAL = "normal", _("Normal")


PRIORITY_ORDER = {Priority.URGENT: 0, Priority.NORMAL: 1}


class Guard(models.TextChoices):
    """Who guards the facility: Law No. 350-Z Art. 21 has the centres guarded by law enforcement."""

    LAW_ENFORCEMENT = "law_enforcement", _("Guarded by the internal affairs bodies")
    ALARM_TO_POLICE = "alarm_to_police", _("Alarm button to the police, no permanent guard")
    PRIVATE_SECURITY = "private_security", _("Private security service")
    NONE = "none", _("No guard")


class DischargeReason(models.TextChoices):
    PLAN_COMPLETED = "plan_completed", _("Rehabilitation completed")
    OWN_REQUEST = "own_request", _("At the resident's own request")
    TRANSFERRED = "transferred", _("Transferred to another facility")
    RULES_BROKEN = "rules_broken", _("Broke the house rules")
    HOSPITALISED = "hospitalised", _("Admitted to hospital")
    RETURNED_ABROAD = "returned_abroad", _("Returned to the country of origin")
    LEFT_WITHOUT_NOTICE = "left_without_notice", _("Left without notice")
    OTHER = "other", _("Other")


class Destination(models.TextChoices):
    FAMILY = "family", _("Family or relatives")
    OWN_HOME = "own_home", _("Own home")
    INDEPENDENT = "independent", _("Independent living (rented, hostel)")
    OTHER_FACILITY = "other_facility", _("Another shelter or centre")
    HOSPITAL = "hospital", _("Hospital")
    ABROAD = "abroad", _("Abroad (return home)")
    UNKNOWN = "unknown", _("Not known")


# A residence "region" for people who live abroad or have no residence in the country.
ABROAD = "abroad"
