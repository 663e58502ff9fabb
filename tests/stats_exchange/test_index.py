"""The data-exchange home page: each persona sees what it may do, others get 404."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

CTDC, HTCDS, IMPORT = "/stats/exchange/ctdc/", "/stats/exchange/htcds/", "/stats/exchange/import/"


@pytest.mark.parametrize(
    ("persona", "links"),
    [
        ("analyst", {CTDC}),
        ("admin", {CTDC, HTCDS}),
        ("caseworker_gomel", {IMPORT}),
        ("officer_minsk", {IMPORT}),
        ("hotline_operator", {IMPORT}),
        ("registry_officer", set()),
        ("migration_officer", set()),
        ("fund_officer", set()),
    ],
)
def test_each_persona_sees_its_own_actions(
    persona: str, links: set[str], client_for: Callable[[str], Client]
) -> None:
    response = client_for(persona).get("/stats/exchange/")
    if not links:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    text = response.content.decode()
    assert {link for link in (CTDC, HTCDS, IMPORT) if f'href="{link}"' in text} == links
    assert 'href="/stats/exchange/"' in text  # the main menu's entry
