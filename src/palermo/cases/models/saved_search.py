from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SavedCaseSearch(models.Model):
    """A user's named set of case-list filters, to apply again with one click.

    ``params`` holds the filter fields only (cases.filters.SAVABLE_FIELDS): never a searched name,
    which stays out of the database as it stays out of URLs.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_case_searches"
    )
    name = models.CharField(_("name"), max_length=100)
    params = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("saved case search")
        verbose_name_plural = _("saved case searches")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_case_search_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
