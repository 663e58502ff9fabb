"""Person vocabulary, following IOM's HTCDS 2.0 (prs_Gender)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    TRANSGENDER_NONCONFORMING = "transgender_nonconforming", _("Transgender / non-conforming")
    UNKNOWN = "unknown", _("Unknown")


# HTCDS value names, for exports.
HTCDS_GENDER = {
    Gender.FEMALE: "Female",
    Gender.MALE: "Male",
    Gender.TRANSGENDER_NONCONFORMING: "Transgender/NonConforming",
    Gender.UNKNOWN: "Unknown",
}


class CitizenshipStatus(models.TextChoices):
    CITIZEN = "citizen", _("Citizen of a country")
    STATELESS = "stateless", _("Stateless")
    UNKNOWN = "unknown", _("Unknown")
