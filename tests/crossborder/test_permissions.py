"""Who may do what with cross-border referrals, in the pages and the API: tables over personas.

"No access" answers 404 exactly like "not found" for objects; a role without the area at all
gets 404 on pages and 403 on API lists.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from palermo.crossborder.services import SendInput, do_receive_package, do_send_referral

pytestmark = pytest.mark.django_db

EVERYONE = [
    "officer_minsk",
    "caseworker_gomel",
    "shelter_manager",
    "investigator",
    "hotline_operator",
    "registry_officer",
    "analyst",
    "admin",
    "migration_officer",
    "fund_officer",
    "outsider",
]


@pytest.fixture
def incoming(abroad):  # type: ignore[no-untyped-def]
    return do_receive_package(text=abroad.referral(), actor=None, channel="api").incoming


@pytest.fixture
def outgoing(abroad, consented_case, actor):  # type: ignore[no-untyped-def]
    return do_send_referral(
        actor=actor("officer_minsk"),
        case=consented_case,
        data=SendInput(partner_id=abroad.partner.pk, parts=["profile"]),
    )


# (persona, expected status of the incoming referral's page) — it went to the Minsk-city unit.
INCOMING_PAGE = {
    "officer_minsk": 200,
    "admin": 200,  # national roles read every referral
    "caseworker_gomel": 404,
    "shelter_manager": 404,
    "investigator": 404,
    "hotline_operator": 404,
    "registry_officer": 404,
    "analyst": 404,
    "migration_officer": 404,
    "fund_officer": 404,
    "outsider": 404,
}


@pytest.mark.parametrize("persona", EVERYONE)
def test_the_incoming_referral_page_and_api(persona, incoming, client_for, api_for):  # type: ignore[no-untyped-def]
    page = client_for(persona).get(reverse("crossborder:incoming", args=[incoming.pk]))
    assert page.status_code == INCOMING_PAGE[persona]
    api = api_for(persona).get(f"/api/crossborder/incoming/{incoming.pk}/")
    assert api.status_code == INCOMING_PAGE[persona]
    if INCOMING_PAGE[persona] == 200:
        assert "Ковалёва" in page.content.decode()
    # A missing one answers exactly the same.
    assert client_for(persona).get(reverse("crossborder:incoming", args=[99999])).status_code in (
        404,
    )


# Only the receiving agency answers; the national administrator reads but does not answer.
ANSWER = dict.fromkeys(EVERYONE, 404) | {"officer_minsk": 200}


@pytest.mark.parametrize("persona", EVERYONE)
def test_who_may_answer(persona, incoming, api_for):  # type: ignore[no-untyped-def]
    response = api_for(persona).post(
        f"/api/crossborder/incoming/{incoming.pk}/answer/",
        {"expected_version": incoming.version, "decision": "decline", "reason": "Full"},
        format="json",
    )
    assert response.status_code == ANSWER[persona]


# The outgoing referral belongs to the Minsk-city unit; national roles read it.
OUTGOING = dict.fromkeys(EVERYONE, 404) | {"officer_minsk": 200, "admin": 200}
PACKAGE = dict.fromkeys(EVERYONE, 404) | {"officer_minsk": 200}


@pytest.mark.parametrize("persona", EVERYONE)
def test_the_outgoing_referral_and_its_package(persona, outgoing, client_for, api_for):  # type: ignore[no-untyped-def]
    client = client_for(persona)
    assert (
        client.get(reverse("crossborder:outgoing", args=[outgoing.pk])).status_code
        == OUTGOING[persona]
    )
    assert (
        api_for(persona).get(f"/api/crossborder/outgoing/{outgoing.pk}/").status_code
        == OUTGOING[persona]
    )
    download = client.get(reverse("crossborder:outgoing_package", args=[outgoing.pk]))
    assert download.status_code == PACKAGE[persona]


# Sending: only referral workers of the agency that owns the case (the Minsk-city unit).
SEND = dict.fromkeys(EVERYONE, 404) | {"officer_minsk": 200}


@pytest.mark.parametrize("persona", EVERYONE)
def test_who_may_refer_a_case_abroad(persona, abroad, consented_case, client_for):  # type: ignore[no-untyped-def]
    response = client_for(persona).get(reverse("crossborder:send", args=[consented_case.pk]))
    assert response.status_code == SEND[persona]


MANAGE = dict.fromkeys(EVERYONE, 403) | {"admin": 201}


@pytest.mark.parametrize("persona", EVERYONE)
def test_only_the_national_administrator_registers_partners(persona, own_key, api_for, actor):  # type: ignore[no-untyped-def]
    from palermo.crossborder.package import KeyPair
    from tests.crossborder.conftest import b64

    keys = KeyPair.generate().public
    response = api_for(persona).post(
        "/api/crossborder/partners/",
        {
            "name": "IOM mission",
            "kind": "international_organisation",
            "encryption_key": b64(keys.encryption),
            "signing_key": b64(keys.signing),
            "receiving_agency": actor("officer_minsk").agency.pk,
        },
        format="json",
    )
    assert response.status_code == MANAGE[persona]


# The area at all: referral workers, national roles and the national administrator.
AREA = dict.fromkeys(EVERYONE, 200) | {
    "registry_officer": 404,
    "analyst": 404,
    "migration_officer": 404,
    "fund_officer": 404,
}


@pytest.mark.parametrize("persona", EVERYONE)
def test_the_overview_page(persona, client_for):  # type: ignore[no-untyped-def]
    assert client_for(persona).get(reverse("crossborder:index")).status_code == AREA[persona]
