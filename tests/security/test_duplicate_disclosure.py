"""The duplicate check shows an agency no more than it may already see of the person: a referral
sharing only some parts of the file does not let the check reveal the others."""

from __future__ import annotations

import pytest
from django.urls import reverse

from palermo.referrals import consent as consent_adapter
from palermo.referrals.demo import ensure_service_directory
from palermo.referrals.services import ReferralInput, do_accept_referral, do_send_referral

QUERY = {
    "family_name": "Шевченко",
    "given_name": "Ольга",
    "date_of_birth": "1999-04-12",
    "gender": "female",
}
ORIGINAL_SCRIPT = ["Шаўчэнка", "Вольга", "Сяргееўна"]
LATIN = ["Shauchenka", "Volha"]
BIRTH = ["1999-04-12", "12.04.1999", "April 12, 1999", "Apr. 12, 1999"]


@pytest.fixture(autouse=True)
def _consent_covers_sharing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(consent_adapter, "_provider", lambda: lambda case, purpose: True)


def refer_to_gomel(actor, case, share: list[str]) -> None:
    ensure_service_directory()
    gomel = actor("caseworker_gomel")
    referral = do_send_referral(
        actor=actor("officer_minsk"),
        case=case,
        data=ReferralInput(
            to_agency_id=gomel.agency.pk,
            services=["legal"],
            reason="additional_services_required",
            urgency="routine",
            details="",
            share=share,
        ),
    )
    do_accept_referral(actor=gomel, referral=referral)


def check_both_channels(client_for, api_for) -> tuple[str, str]:
    html = client_for("caseworker_gomel").post(reverse("people:possible_matches"), QUERY)
    api = api_for("caseworker_gomel").post("/api/people/matches/", QUERY, format="json")
    assert html.status_code == 200 and api.status_code == 200
    return html.content.decode(), api.content.decode()


def test_a_referral_sharing_only_exploitation_facts_shows_no_names_and_no_birth_date(
    actor, client_for, api_for, minsk_case
):
    refer_to_gomel(actor, minsk_case, ["exploitation"])
    html, api = check_both_channels(client_for, api_for)
    for body in (html, api):
        assert minsk_case.person.reference in body  # the match itself is still shown
        for secret in ORIGINAL_SCRIPT + LATIN + BIRTH:
            assert secret not in body, secret
    assert "same date of birth" not in html and "dob_same" not in api


def test_a_referral_sharing_names_but_not_the_birth_date_shows_names_only(
    actor, client_for, api_for, minsk_case
):
    refer_to_gomel(actor, minsk_case, ["identity"])
    html, api = check_both_channels(client_for, api_for)
    for body in (html, api):
        assert "Шаўчэнка" in body
        for secret in BIRTH:
            assert secret not in body, secret
    assert '"date_of_birth":null' in api


def test_a_referral_sharing_everything_shows_everything(actor, client_for, api_for, minsk_case):
    refer_to_gomel(actor, minsk_case, ["identity", "date_of_birth", "narrative", "exploitation"])
    html, api = check_both_channels(client_for, api_for)
    assert "Шаўчэнка" in html and "1999-04-12" in api
