"""A system check: the service catalogue file must be valid for the configured jurisdiction."""

from __future__ import annotations

from typing import Any

from django.core import checks

from palermo.jurisdictions.pack import PackError


@checks.register()
def check_service_catalogue(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from palermo.referrals.catalogue import CatalogueError, get_catalogue

    try:
        catalogue = get_catalogue()
    except CatalogueError as exc:
        return [
            checks.Error(f"{exc.file}: {problem}", id="referrals.E001") for problem in exc.problems
        ]
    except PackError:
        return []  # the jurisdictions app reports a broken pack itself
    return unknown_medical_service_types(catalogue)


def unknown_medical_service_types(catalogue: Any) -> list[checks.CheckMessage]:
    """The pack's ``medical_care.service_types`` must be service types of the catalogue."""
    from palermo.jurisdictions.pack import get_pack

    rules = get_pack().medical_care
    if rules is None:
        return []
    return [
        checks.Error(
            f"medical_care.service_types: {code!r} is not a service type of the catalogue",
            id="referrals.E002",
        )
        for code in rules.service_types
        if catalogue.get(code) is None
    ]
