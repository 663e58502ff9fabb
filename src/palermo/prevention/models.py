"""Prevention activities: what was done, by whom, where, for whom, and how many people it reached.

No personal data: every column is a statistical dimension for the National Rapporteur's report.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Agency
from palermo.prevention.vocab import ActivityType, Audience


class Activity(models.Model):
    activity_type = models.CharField(_("type"), max_length=30, choices=ActivityType.choices)
    title = models.CharField(_("title"), max_length=300)
    organiser = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="prevention_activities",
        verbose_name=_("organiser"),
    )
    region = models.CharField(
        _("region"), max_length=20, blank=True, help_text=_("Empty: national")
    )
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    items = models.PositiveIntegerField(
        _("number of items"),
        default=1,
        help_text=_("e.g. 363 publications recorded at once; 1 for a single event"),
    )
    reach = models.PositiveIntegerField(_("people reached"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("prevention activity")
        verbose_name_plural = _("prevention activities")
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["starts_on", "region"]),
            models.Index(fields=["organiser", "-starts_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="prevention_activity_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audience_codes(self) -> list[str]:
        return [a.audience for a in self.audiences.all()]

    def get_audiences_display(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels.get(c, c)) for c in self.audience_codes]


class ActivityAudience(models.Model):
    """An audience of an activity (one row each, for counting)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="audiences")
    audience = models.CharField(max_length=20, choices=Audience.choices, db_index=True)

    class Meta:
        ordering = ["audience"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "audience"], name="activity_audience_unique"
            )
        ]

    def __str__(self) -> str:
        return self.audience
