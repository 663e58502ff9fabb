"""Transfers of working days recorded in the product, on top of the jurisdiction pack's calendar.

Each year the government moves some working days to Saturdays by a resolution published the
year before (Belarus: a Council of Ministers resolution every summer). The pack ships the
transfers known at release; a national administrator records later ones here without a deploy.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RESOLUTION_LENGTH = 100


class WorkingDayTransfer(models.Model):
    date_off = models.DateField(_("working day given off"))
    date_worked = models.DateField(_("day worked instead"))
    resolution_number = models.CharField(_("resolution number"), max_length=RESOLUTION_LENGTH)
    resolution_date = models.DateField(_("resolution date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    # A transfer entered by mistake is withdrawn, never deleted: deadlines moved by it stay
    # explained, and the audit log names it.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("transfer of a working day")
        verbose_name_plural = _("transfers of working days")
        ordering = ["-date_off", "-id"]
        constraints = [
            # One active transfer per day: a retried or concurrent request cannot add it twice.
            models.UniqueConstraint(
                fields=["date_off"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="workdays_one_active_date_off",
            ),
            models.UniqueConstraint(
                fields=["date_worked"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="workdays_one_active_date_worked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date_off} → {self.date_worked} ({self.resolution_number})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class DeadlineChange(models.Model):
    """A due date that a recorded or withdrawn transfer moved, shown on the item it belongs to."""

    transfer = models.ForeignKey(
        WorkingDayTransfer, on_delete=models.PROTECT, related_name="deadline_changes"
    )
    withdrawal = models.BooleanField(default=False)
    object_type = models.CharField(max_length=100)
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(max_length=200)
    old_due = models.DateField()
    new_due = models.DateField()
    note = models.CharField(max_length=200, blank=True)
    changed_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="workdays_change_obj_idx")
        ]

    def __str__(self) -> str:
        return f"{self.object_type}#{self.object_id}: {self.old_due} → {self.new_due}"
