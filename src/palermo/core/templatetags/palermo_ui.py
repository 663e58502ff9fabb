"""Template tags of the page layout: the main menu and the dashboard's charts."""

from __future__ import annotations

from typing import Any

from django import template

from palermo.core.charts import BarChart, bar_chart
from palermo.core.nav import nav_for

register = template.Library()


@register.inclusion_tag("core/_nav.html", takes_context=True)
def main_nav(context: template.Context) -> dict[str, Any]:
    """The main menu of the actor in the page's context, grouped by area."""
    request = context.get("request")
    path = request.path if request is not None else ""
    return {"nav_groups": nav_for(context.get("actor"), path)}


@register.inclusion_tag("core/_bar_chart.html")
def chart(
    title: str, bars: list[tuple[str, int]], caption: str = "", tone: str = ""
) -> dict[str, Any]:
    """A horizontal bar chart drawn in SVG on the server, with its numbers as a table.

    ``bars`` are (label, value) pairs; ``tone`` ("alert", "ok") colours every bar alike."""
    built: BarChart = bar_chart(title, bars, caption=caption, tone=tone)
    return {"chart": built}
