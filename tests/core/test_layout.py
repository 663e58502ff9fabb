"""The main menu and the dashboard, persona by persona: each role sees the areas and charts of
its own work (from the permission table), and a chart can be read without seeing it."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from palermo.core.charts import bar_chart
from palermo.core.nav import AREAS, register_nav

pytestmark = pytest.mark.django_db

# The menu's areas (a disclosure, or a link when the area has one page) per persona.
MENU = {
    "officer_minsk": [
        "Cases", "Referrals", "/shelters/", "Justice", "Registries", "/hotline/tips/",
        "/prevention/", "/stats/exchange/", "/accounts/tokens/",
    ],
    "caseworker_gomel": [
        "Cases", "Referrals", "/shelters/", "/justice/", "/prevention/", "/stats/exchange/",
        "/accounts/tokens/",
    ],
    "hotline_operator": [
        "Cases", "Referrals", "/shelters/", "/justice/", "Registries", "Hotline", "/prevention/",
        "/stats/exchange/",
    ],
    "registry_officer": ["/justice/offences/", "Registries", "/accounts/tokens/"],
    "analyst": ["/prevention/", "Statistics", "/accounts/tokens/"],
    "admin": [
        "Cases", "Referrals", "Protection", "Justice", "Registries", "Hotline", "Prevention",
        "Statistics", "Administration",
    ],
    "migration_officer": ["Justice", "/accounts/tokens/"],
    "fund_officer": ["Protection", "/accounts/tokens/"],
}  # fmt: skip

# The dashboard's charts that tell a persona's own work (the referrals chart is everyone's).
CHARTS = {
    "officer_minsk": {"Status decisions to take", "Cases by trafficking status"},
    "caseworker_gomel": {"Referrals and follow-ups"},
    "shelter_manager": {"Places and waiting list today"},
    "investigator": {"Protection measures by end date"},
    "hotline_operator": {"Today's calls by topic"},
    "registry_officer": {"Reports on time and late"},
    "analyst": {"Cases identified a year"},
}
OWN_CHARTS = {chart for charts in CHARTS.values() for chart in charts} - {
    "Referrals and follow-ups",
    "Cases by trafficking status",
    "Status decisions to take",
}


def menu_of(html: str) -> list[str]:
    nav = html[html.index('class="main-nav"') : html.index("</nav>")]
    found = re.findall(r'<summary[^>]*>([^<]+)</summary>|class="nav-single" href="([^"]+)"', nav)
    return [summary or href for summary, href in found]


def charts_of(html: str) -> set[str]:
    return set(re.findall(r'<figcaption id="[^"]+">([^<]+)</figcaption>', html))


@pytest.mark.parametrize("persona", sorted(MENU))
def test_the_menu_shows_the_areas_the_role_uses(
    client_for: Callable[[str], Client], persona: str
) -> None:
    html = client_for(persona).get("/").content.decode()
    assert menu_of(html) == MENU[persona]


def test_every_menu_link_opens_for_its_persona(client_for: Callable[[str], Client]) -> None:
    """The menu offers no page the role may not open."""
    for persona in ("officer_minsk", "registry_officer", "analyst", "admin", "fund_officer"):
        client = client_for(persona)
        nav = client.get("/").content.decode().split('class="main-nav"')[1].split("</nav>")[0]
        for href in re.findall(r'<a[^>]* href="([^"]+)"', nav):
            assert client.get(href).status_code == 200, (persona, href)


@pytest.mark.parametrize("persona", sorted(CHARTS))
def test_the_dashboard_charts_the_role_s_work(
    client_for: Callable[[str], Client], persona: str
) -> None:
    charts = charts_of(client_for(persona).get("/").content.decode())
    assert CHARTS[persona] <= charts
    assert not charts & (OWN_CHARTS - CHARTS[persona])  # no other role's chart


def test_a_chart_has_a_title_and_its_figures_as_a_table(
    client_for: Callable[[str], Client],
) -> None:
    html = client_for("officer_minsk").get("/").content.decode()
    figure = html[html.index('<figure class="chart') : html.index("</figure>")]
    assert '<svg class="chart-svg"' in figure and 'role="img"' in figure
    assert re.search(r"<title id=\"chart-\w+-title\">Referrals and follow-ups</title>", figure)
    assert '<th scope="row">Awaiting your answer</th><td>0</td>' in figure
    assert "style=" not in figure  # the strict CSP allows no inline style


def test_the_dashboard_is_in_russian(client_for: Callable[[str], Client]) -> None:
    client = client_for("officer_minsk")
    client.cookies["django_language"] = "ru"
    html = client.get("/").content.decode()
    assert "Решения о статусе к принятию" in charts_of(html)
    assert "Дела" in menu_of(html)


def test_bars_are_scaled_to_the_largest() -> None:
    chart = bar_chart("t", [("a", 10), ("b", 5), ("c", 0)])
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == 2 * widths[1] and widths[2] == 1  # a zero is a hairline, not nothing
    assert chart.total == 15


def test_a_menu_entry_needs_a_known_area_and_a_rule() -> None:
    with pytest.raises(ValueError, match="Unknown menu area"):
        register_nav("nowhere", "home", "Home", any_of=("case.view_agency",))
    with pytest.raises(ValueError, match="no capability"):
        register_nav(next(iter(AREAS)), "home", "Home")
