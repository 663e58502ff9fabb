from __future__ import annotations

from django.apps import AppConfig


class FieldTestConfig(AppConfig):
    name = "tests.core.fieldtest"
    label = "fieldtest"
    default_auto_field = "django.db.models.BigAutoField"
