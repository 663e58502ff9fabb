"""Releases of the National Rapporteur's statistics and the files each published one is made of."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Release(models.Model):
    """The yearly report (Law No. 350-Z Art. 26) as prepared and, once the disclosure audit
    passes, published.

    ``tables`` keeps the exact counts (inside the system only); ``published`` the same tables
    after disclosure control, with null where a cell is suppressed; ``rule`` the rule applied and
    ``audit`` what the audit proved for each table. The evaluation and recommendations are the
    National Rapporteur's own words.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    tables = models.JSONField(default=dict)
    published = models.JSONField(default=dict)
    rule = models.JSONField(default=dict)
    audit = models.JSONField(default=dict)
    evaluation = models.TextField(_("evaluation of the measures"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("statistical release")
        verbose_name_plural = _("statistical releases")
        ordering = ["-year", "-id"]
        constraints = [
            # One draft and one published release per year: preparing again refreshes the draft.
            models.UniqueConstraint(
                fields=["year", "state"], name="stats_release_one_per_year_and_state"
            ),
        ]

    def __str__(self) -> str:
        return f"release {self.year} ({self.state})"

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class ReleaseFile(models.Model):
    """One file of a published release (PDF, XLSX, or the CSV of one table) in one language."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"
        CSV = "csv", "CSV"

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="files")
    format = models.CharField(max_length=8, choices=Format.choices)
    language = models.CharField(max_length=8)
    table_key = models.CharField(max_length=60, blank=True)  # CSV files: the table
    filename = models.CharField(max_length=120)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["format", "language", "table_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "format", "language", "table_key"],
                name="stats_release_file_unique",
            )
        ]

    def __str__(self) -> str:
        return self.filename
