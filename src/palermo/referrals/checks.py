"""A system check: the service catalogue file must be valid for the configured jurisdiction."""

from __future__ import annotations

from typing import Any

from django.core import checks

from palermo.jurisdictions.pack import PackError


@checks.register()
def check_service_catalogue(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from palermo.referrals.catalogue import CatalogueError, get_catalogue

    try:
        get_catalogue()
    except CatalogueError as exc:
        return [
            checks.Error(f"{exc.file}: {problem}", id="referrals.E001") for problem in exc.problems
        ]
    except PackError:
        return []  # the jurisdictions app reports a broken pack itself
    return []
