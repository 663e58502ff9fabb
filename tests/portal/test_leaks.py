"""The portal never reveals anything unpublished: no case, no shelter, no unpublished organisation,
no internal agency data, no unpublished page — for an anonymous visitor, in any language."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from palermo.hotline.services import do_log_call, do_submit_public_tip
from palermo.portal.services import do_create_page
from tests.hotline.fakes import REGISTRY
from tests.hotline.helpers import call_input
from tests.portal.helpers import page_input

pytestmark = pytest.mark.django_db

SECRETS = [
    "Шаўчэнка", "Shauchenka", "waitresses in Moscow",       # the case's person and narrative
    "Secret Suspended Recruiting", "190000003",             # suspended, not ruled: not published
    "Алеся Церашкова", "555-12-34",                          # a hotline caller
    "Draft: internal instructions",                         # an unpublished page
    "passport first",                                       # a portal tip
]  # fmt: skip


@pytest.fixture
def secrets(minsk_case, actor, fake_registries):
    do_log_call(actor=actor("hotline_operator"), data=call_input())
    do_submit_public_tip(region="BY-HM", what_happened="They asked for the passport first.")
    do_create_page(actor=actor("admin"), data=page_input())
    do_create_page(
        actor=actor("admin"),
        data=page_input(slug="draft", title_en="Draft: internal instructions", is_published=False),
    )
    return minsk_case


def portal_urls(case_pk: int) -> list[tuple[str, str]]:
    """(address, the visitor's own query, which the page may echo back)."""
    urls = []
    for lang in ("en", "ru", "be"):
        urls += [
            (reverse("portal:home", args=[lang]), ""),
            (reverse("portal:organisations", args=[lang]), ""),
            (reverse("portal:tip", args=[lang]), ""),
            (reverse("portal:page", args=[lang, "safe-work-abroad"]), ""),
            (reverse("portal:page", args=[lang, "draft"]), ""),
        ]
        for q in ("Secret", "190000003", "Suspended", "Golden", "Шаўчэнка", str(case_pk), "a"):
            urls.append((reverse("portal:check", args=[lang]) + f"?q={q}", q))
    return urls


def test_nothing_unpublished_appears_anywhere_on_the_portal(client, secrets, fake_registries):
    for url, query in portal_urls(secrets.pk):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        html = response.content.decode()
        if query:
            # The search box and language links echo the visitor's own words: not a leak.
            for echo in (
                f'value="{query}"',
                f"?q={query}",
                f"?q={quote(query)}",
                f"“{query}”",
                f"«{query}»",
            ):
                html = html.replace(echo, "")
        for secret in SECRETS:
            assert secret not in html, f"{secret!r} leaked on {url}"
        assert secrets.reference not in html
    # The portal only ever asked the registries for public data.
    assert fake_registries.calls and all(public for _q, public in fake_registries.calls)


def test_results_not_marked_public_are_dropped_even_if_the_registry_returns_them(
    client, monkeypatch, fake_registries
):
    # A registry bug returning a suspended organisation for public=True must still not show.
    monkeypatch.setattr(fake_registries, "check_agency", lambda q, *, public: list(REGISTRY))
    html = client.get(reverse("portal:check", args=["en"]) + "?q=Secret").content.decode()
    assert "Secret Suspended Recruiting" not in html
    assert "Golden Horizons Ltd" in html
