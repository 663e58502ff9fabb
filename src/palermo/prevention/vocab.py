"""Prevention vocabulary (seed 002; Law No. 350-Z Art. 14-17). HTCDS 2.0 has no prevention terms."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityType(models.TextChoices):
    CAMPAIGN = "campaign", _("Information campaign")
    PUBLICATION = "publication", _("Publication (media, booklet, online)")
    TRAINING = "training", _("Training or seminar")
    SCHOOL_TALK = "school_talk", _("Talk at a school or college")
    PARENT_MEETING = "parent_meeting", _("Parent meeting")
    TRANSPORT_ANNOUNCEMENT = "transport_announcement", _("Announcements at airports and stations")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    PUPILS = "pupils", _("Pupils and students")
    PARENTS = "parents", _("Parents")
    TEACHERS = "teachers", _("Teachers")
    JOBSEEKERS = "jobseekers", _("Jobseekers")
    TRAVELLERS = "travellers", _("Travellers")
    PROFESSIONALS = "professionals", _("Professionals")
    GENERAL_PUBLIC = "general_public", _("General public")
