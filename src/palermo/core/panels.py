"""The dashboard panel registry: each app puts its own panels on the agency's dashboard.

The dashboard (``accounts``) knows no domain app. An app that has work to show registers panels
in a ``panels.py`` module of its own, which this registry imports at start-up (as Django's admin
discovers ``admin.py``)::

    from palermo.core.panels import register_panel

    @register_panel("cases.overdue", template="cases/_panel_overdue.html", order=20)
    def overdue(actor: Actor) -> dict[str, Any] | None:
        if not actor.can(Cap.CASE_VIEW_AGENCY):
            return None  # the panel is not for this role
        return {"overdue_cases": ...}

A panel's function decides who sees it (``None``: not shown to this actor) and returns the
context its template is rendered with (the ``actor`` and the ``request`` are added). Panels are
shown by ``order``, then name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.module_loading import autodiscover_modules
from django.utils.safestring import SafeString

if TYPE_CHECKING:
    from palermo.accounts.actor import Actor

PanelContext = Callable[["Actor"], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    order: int
    context: PanelContext


_PANELS: dict[str, Panel] = {}


def register_panel(
    name: str, *, template: str, order: int = 100
) -> Callable[[PanelContext], PanelContext]:
    """Registers the decorated function as the dashboard panel ``name`` (unique, "app.panel")."""

    def decorate(context: PanelContext) -> PanelContext:
        existing = _PANELS.get(name)
        if existing is not None and existing.context is not context:
            raise ValueError(f"Two dashboard panels are named {name!r}.")
        _PANELS[name] = Panel(name=name, template=template, order=order, context=context)
        return context

    return decorate


def discover_panels() -> None:
    """Imports every installed app's ``panels`` module (called once, from CoreConfig.ready)."""
    autodiscover_modules("panels")


def registered_panels() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.name))


def render_panels(request: HttpRequest, actor: Actor) -> list[SafeString]:
    """The panels this actor sees, rendered in order."""
    rendered: list[SafeString] = []
    for panel in registered_panels():
        context = panel.context(actor)
        if context is None:
            continue
        # Without request=: the page's context processors have run once for the page already.
        html = render_to_string(panel.template, {**context, "actor": actor, "request": request})
        rendered.append(SafeString(html))
    return rendered
