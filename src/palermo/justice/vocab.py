"""Vocabulary of the justice app: fixed roles and kinds. Stages, articles and measure kinds are
pack data (``justice:`` section of the jurisdiction pack)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ParticipantRole(models.TextChoices):
    """How a person takes part in criminal proceedings (Law No. 350-Z Art. 22 p.1 names all three)."""

    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness")
    ASSISTING = "assisting", _("Assisting law enforcement")


class LegalPersonKind(models.TextChoices):
    """Legal persons used for trafficking (seed 000 §2)."""

    TOURIST = "tourist", _("Tourist agency")
    MARRIAGE = "marriage", _("Marriage agency")
    EMPLOYMENT = "employment", _("Employment agency")
    MODELLING = "modelling", _("Modelling agency")
    OTHER = "other", _("Other")


class MeasureStatus(models.TextChoices):
    ACTIVE = "active", _("Applied")
    ENDED = "ended", _("Ended")


class RightExplained(models.TextChoices):
    """Victims' rights that are explained to the victim (seed 004 §34)."""

    LEGAL_ASSISTANCE = "legal_assistance", _("Legal assistance by state bodies")
    PROTECTION = "protection", _("Protection during investigation and trial")
    CONFIDENTIALITY = "confidentiality", _("Confidentiality")
    COMPENSATION = "compensation", _("Compensation of moral and physical damage")


class OffenderKind(models.TextChoices):
    """Who is held liable for an administrative offence (seed 000 §3.2: "both physical persons
    and organizations")."""

    PERSON = "person", _("Natural person")
    ORGANISATION = "organisation", _("Organisation (legal person)")


class PenaltyUnit(models.TextChoices):
    """How a penalty's amount is measured (each penalty kind of the pack names one)."""

    NONE = "none", _("no amount")
    BASE_UNITS = "base_units", _("base units")
    MONEY = "money", _("roubles")
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    MONTHS = "months", _("months")
