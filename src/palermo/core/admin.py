"""A read-only view of the audit log for administrators; nothing can be added, changed or deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from palermo.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = [
        "seq",
        "occurred_at",
        "action",
        "actor_username",
        "agency_name",
        "object_type",
        "object_id",
        "purpose",
    ]
    list_filter = ["action", "object_type"]
    search_fields = ["=object_id", "=actor_username", "action"]
    ordering = ["-seq"]
    # A COUNT(*) over millions of rows on every page view is not worth the exact number.
    show_full_result_count = False
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
