"""Hotline vocabulary. HTCDS 2.0 has no hotline terms; the topics follow seed 002 / 004 §32."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat")
    EMAIL = "email", _("E-mail")
    MESSENGER = "messenger", _("Messenger")


class Topic(models.TextChoices):
    SAFE_TRAVEL = "safe_travel", _("Safe travel and work abroad")
    AGENCY_CHECK = "agency_check", _("Checking an agency")
    SUSPECTED_TRAFFICKING = "suspected_trafficking", _("Suspected trafficking")
    VICTIM_HELP = "victim_help", _("A victim asking for help")
    MISSING_PERSON = "missing_person", _("A missing person")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    OPEN = "open", _("Open (follow-up needed)")
    ADVICE_GIVEN = "advice_given", _("Advice given")
    AGENCY_CHECKED = "agency_checked", _("Agency checked for the caller")
    REDIRECTED = "redirected", _("Sent to another service")
    TIP_FORWARDED = "tip_forwarded", _("Tip forwarded to a counter-trafficking unit")
    REFERRED = "referred", _("Presumed victim registered and referred")
    NO_ACTION = "no_action", _("No action needed")


class CallLanguage(models.TextChoices):
    BE = "be", _("Belarusian")
    RU = "ru", _("Russian")
    EN = "en", _("English")
    UK = "uk", _("Ukrainian")
    OTHER = "other", _("Other language")


class TipSource(models.TextChoices):
    PORTAL = "portal", _("Public portal")
    CALL = "call", _("Hotline call")


class TipStatus(models.TextChoices):
    NEW = "new", _("New")
    FORWARDED = "forwarded", _("Forwarded")
    CLOSED = "closed", _("Closed without forwarding")


class TipCloseReason(models.TextChoices):
    NO_GROUNDS = "no_grounds", _("No indication of trafficking")
    DUPLICATE = "duplicate", _("Duplicate of another tip")
    ABUSIVE = "abusive", _("Spam or abuse")
    OTHER_SERVICE = "other_service", _("Matter for another service")
