"""Who may open which administration page and endpoint: every persona, and an agency
administrator of another agency (404, as for anything outside one's scope)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.conftest import PERSONA_NAMES

ALL = [*PERSONA_NAMES, "agency_admin_minsk", "agency_admin_gomel"]
AGENCY_ADMINS = {"agency_admin_minsk", "agency_admin_gomel"}


def _pages(admins):  # type: ignore[no-untyped-def]
    officer = admins["officer_minsk"].user.pk
    agency = admins["officer_minsk"].agency.pk
    return {
        "users": ("/administration/", {"admin", *AGENCY_ADMINS}),
        "invite": ("/administration/users/invite/", {"admin", *AGENCY_ADMINS}),
        "agencies": ("/administration/agencies/", {"admin", *AGENCY_ADMINS}),
        "agency_new": ("/administration/agencies/new/", {"admin"}),
        "agency_edit": (f"/administration/agencies/{agency}/edit/", {"admin"}),
        "officer": (f"/administration/users/{officer}/", {"admin", "agency_admin_minsk"}),
        "officer_edit": (
            f"/administration/users/{officer}/edit/",
            {"admin", "agency_admin_minsk"},
        ),
    }


@pytest.mark.parametrize("name", ALL)
def test_pages_open_only_to_the_administrators_in_scope(admins, session_for, name):
    client = session_for(name)
    for label, (url, allowed) in _pages(admins).items():
        expected = 200 if name in allowed else 404
        assert client.get(url).status_code == expected, (label, name)


@pytest.mark.parametrize("name", ALL)
def test_api_answers_only_the_administrators_in_scope(admins, name):
    client = APIClient()
    client.force_authenticate(user=admins[name].user)
    officer = admins["officer_minsk"].user.pk
    membership = admins["officer_minsk"].pk
    administrators = {"admin", *AGENCY_ADMINS}
    listing = client.get("/api/administration/users/")
    assert listing.status_code == (200 if name in administrators else 403), name
    detail = client.get(f"/api/administration/users/{officer}/")
    in_scope = name in {"admin", "agency_admin_minsk"}
    assert detail.status_code == (200 if in_scope else 403 if name not in administrators else 404)
    change = client.patch(
        f"/api/administration/memberships/{membership}/",
        {"role": "case_worker", "version": 1},
        format="json",
    )
    assert change.status_code == (200 if in_scope else 403 if name not in administrators else 404)


def test_the_nav_shows_administration_to_administrators_only(session_for):
    assert b'href="/administration/"' in session_for("admin").get("/").content
    assert b'href="/administration/"' in session_for("agency_admin_gomel").get("/").content
    assert b'href="/administration/"' not in session_for("officer_minsk").get("/").content


def test_an_agency_administrator_lists_only_their_agencys_users(admins):
    client = APIClient()
    client.force_authenticate(user=admins["agency_admin_minsk"].user)
    names = {u["username"] for u in client.get("/api/administration/users/").json()["results"]}
    assert names == {"officer_minsk", "agency_admin_minsk"}
    agencies = client.get("/api/administration/agencies/").json()["results"]
    assert [a["id"] for a in agencies] == [admins["officer_minsk"].agency.pk]
