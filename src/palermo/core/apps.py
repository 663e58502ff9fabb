from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "palermo.core"
    label = "core"
    verbose_name = _("Core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from palermo.core.audit.guard import register_sqlite_functions
        from palermo.core.audit.signing import seal_keys
        from palermo.core.nav import discover_nav
        from palermo.core.panels import discover_panels

        connection_created.connect(register_sqlite_functions, dispatch_uid="palermo_audit_guard")
        seal_keys()  # a bad signing key stops start-up, naming the variable
        discover_panels()  # each app's panels.py registers its dashboard panels
        discover_nav()  # each app's nav.py puts its pages in the main menu
