"""Adapter to the registries app (licences, organisations involved in trafficking).

The hotline and the public portal call only ``check_agency`` and ``published_organisations``
here. They import ``palermo.registries.services`` lazily and turn its answers into plain,
JSON-safe dictionaries with fixed keys, so that templates and the stored copy on a call never
depend on the other app's classes. Tests monkeypatch ``_registries``.

From ``palermo.registries.services``:

* ``check_agency(query, *, public) -> list[AgencyCheckResult]``: ``name``, ``taxpayer_number``,
  ``licences`` (``kind``, ``number``, ``status``, ``valid_from``, ``valid_until``), ``listings``
  (``stage``, ``country``, ``ruling_on``, ``listed_on``) and ``verdict`` (``on_list``,
  ``under_proceedings``, ``licensed``, ``not_licensed``);
* ``published_organisations() -> list[PublishedOrganisation]``: ``name``,
  ``registration_number``, ``country``, ``ruling_on``, ``listed_on``.

Defence in depth for the portal: with ``public=True`` a result whose verdict is not public
(an organisation suspended or before the court but not ruled and listed) is dropped even if the
registry returned it, and so are listings at a stage that is not published.
"""

from __future__ import annotations

import importlib
from datetime import date
from types import ModuleType
from typing import Any

from django.utils.translation import gettext as _

# Verdicts of the registries app → the status shown here.
VERDICT_STATUS = {
    "on_list": "listed",
    "under_proceedings": "under_proceedings",
    "licensed": "licensed",
    "not_licensed": "not_licensed",
}
PUBLIC_STATUSES = ("licensed", "not_licensed", "listed")
PUBLISHED_STAGES = ("listed", "liquidated")


class RegistryUnavailable(RuntimeError):
    """The registries app is not installed: nothing can be checked."""


def _registries() -> ModuleType:
    try:
        return importlib.import_module("palermo.registries.services")
    except ImportError as exc:
        raise RegistryUnavailable(
            _("The registry of licences and listed organisations is not available.")
        ) from exc


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _licence(fact: Any) -> dict[str, str]:
    return {
        key: _text(_get(fact, key))
        for key in ("kind", "number", "status", "valid_from", "valid_until")
    }


def _listing(fact: Any) -> dict[str, str]:
    return {key: _text(_get(fact, key)) for key in ("stage", "country", "ruling_on", "listed_on")}


def normalise(result: Any, *, public: bool = False) -> dict[str, Any]:
    """A registry answer as a JSON-safe dict with fixed keys (dates as ISO strings)."""
    verdict = _get(result, "verdict")
    licences = [_licence(f) for f in _get(result, "licences", None) or []]
    listings = [_listing(f) for f in _get(result, "listings", None) or []]
    if public:
        listings = [f for f in listings if f["stage"] in PUBLISHED_STAGES]
    # The licence to headline: an active one, else the most recent.
    ordered = sorted(licences, key=lambda f: (f["status"] == "active", f["valid_from"]))
    main = ordered[-1] if ordered else {}
    listed = next((f for f in listings if f["stage"] in PUBLISHED_STAGES), {})
    return {
        "name": _text(_get(result, "name")),
        "unp": _text(_get(result, "taxpayer_number") or _get(result, "registration_number")),
        "status": VERDICT_STATUS.get(_text(verdict), _text(verdict)),
        "licence_number": main.get("number", ""),
        "licence_kind": main.get("kind", ""),
        "licence_status": main.get("status", ""),
        "licensed_from": main.get("valid_from", ""),
        "licensed_until": main.get("valid_until", ""),
        "listed_on": listed.get("listed_on", "") or _text(_get(result, "listed_on")),
        "ruled_on": listed.get("ruling_on", "") or _text(_get(result, "ruling_on")),
        "country": listed.get("country", "") or _text(_get(result, "country")),
        "licences": licences,
        "listings": listings,
    }


def check_agency(query: str, *, public: bool) -> list[dict[str, Any]]:
    found = _registries().check_agency(query, public=public)
    results = [normalise(r, public=public) for r in found]
    if public:
        results = [r for r in results if r["status"] in PUBLIC_STATUSES]
    return results


def published_organisations() -> list[dict[str, Any]]:
    """The published list of organisations involved in trafficking (court-ruled and listed)."""
    results = []
    for org in _registries().published_organisations():
        item = normalise(org, public=True)
        if item["listed_on"]:  # published means listed: nothing else ever shows
            item["status"] = "listed"
            results.append(item)
    return results
