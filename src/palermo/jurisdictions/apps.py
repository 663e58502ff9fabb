from __future__ import annotations

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class JurisdictionsConfig(AppConfig):
    name = "palermo.jurisdictions"
    label = "jurisdictions"
    verbose_name = _("Jurisdictions")

    def ready(self) -> None:
        from palermo.jurisdictions.checks import check_jurisdiction_pack
        from palermo.jurisdictions.pack import get_pack

        checks.register(check_jurisdiction_pack)
        # Fail at start-up, with every problem listed, rather than at the first request that
        # counts a deadline: a server must not run on half a law. PackError is an
        # ImproperlyConfigured, which Django reports as a configuration error.
        get_pack()
