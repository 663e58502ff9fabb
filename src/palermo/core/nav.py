"""The main menu: entries grouped by area, each shown to the roles whose capabilities use it.

The menu knows no domain app. An app puts its pages in the menu from a ``nav.py`` module of its
own, which this registry imports at start-up (as the dashboard discovers ``panels.py``)::

    from palermo.core.nav import register_nav

    register_nav("cases", "cases.list", _("Cases"), any_of=("case.view_agency",), order=10)

Whether an actor sees an entry comes from the role's capabilities (the permission table of the
jurisdiction pack), never from a role's name: a role given a capability gets the page in its menu.
An entry whose rule needs more than "any of these capabilities" passes ``when=``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from palermo.accounts.actor import Actor

# The areas, in the menu's order. An entry names one of these.
AREAS: dict[str, Promise] = {
    "cases": _("Cases"),
    "referrals": _("Referrals"),
    "protection": _("Protection"),
    "justice": _("Justice"),
    "registries": _("Registries"),
    "hotline": _("Hotline"),
    "prevention": _("Prevention"),
    "statistics": _("Statistics"),
    "administration": _("Administration"),
}


@dataclass(frozen=True)
class NavEntry:
    area: str
    url_name: str
    label: Promise | str
    any_of: tuple[str, ...]
    order: int
    when: Callable[[Actor], bool] | None

    def shown_to(self, actor: Actor) -> bool:
        role = actor.role
        if role is None:
            return False
        if self.when is not None:
            return self.when(actor)
        return any(capability in role.capabilities for capability in self.any_of)


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class NavGroup:
    area: str
    label: str
    links: list[NavLink]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


_ENTRIES: dict[str, NavEntry] = {}


def register_nav(
    area: str,
    url_name: str,
    label: Promise | str,
    *,
    any_of: tuple[str, ...] = (),
    order: int = 100,
    when: Callable[[Actor], bool] | None = None,
) -> None:
    """Puts the page ``url_name`` in the menu's ``area`` for actors with any of ``any_of``."""
    if area not in AREAS:
        raise ValueError(f"Unknown menu area {area!r}; one of {', '.join(AREAS)}.")
    if not any_of and when is None:
        raise ValueError(f"The menu entry {url_name!r} names no capability and no rule.")
    _ENTRIES[url_name] = NavEntry(area, url_name, label, tuple(any_of), order, when)


def discover_nav() -> None:
    """Imports every installed app's ``nav`` module (called once, from CoreConfig.ready)."""
    autodiscover_modules("nav")


def _is_current(path: str, url: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))


def nav_for(actor: Any, path: str = "") -> list[NavGroup]:
    """The actor's menu: the areas that have an entry for them, each with its entries in order."""
    if actor is None or getattr(actor, "role", None) is None:
        return []
    shown = sorted(
        (entry for entry in _ENTRIES.values() if entry.shown_to(actor)),
        key=lambda entry: (entry.order, str(entry.label)),
    )
    urls = {entry.url_name: reverse(entry.url_name) for entry in shown}
    # The longest matching URL is the current page (/cases/ and /cases/screening/ both match).
    matching = [url for url in urls.values() if _is_current(path, url)]
    current = max(matching, key=len) if matching else None
    groups: list[NavGroup] = []
    for area, label in AREAS.items():
        links = [
            NavLink(str(entry.label), urls[entry.url_name], urls[entry.url_name] == current)
            for entry in shown
            if entry.area == area
        ]
        if links:
            groups.append(NavGroup(area, str(label), links))
    return groups
