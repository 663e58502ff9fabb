"""Consent per purpose: informed (every checklist item explained), given by a parent or whoever
acts in loco parentis for a minor, withdrawn at once."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from palermo.cases.models import Consent
from palermo.cases.models.consent import CHECKLIST
from palermo.cases.services import (
    ConsentInput,
    consent_covers,
    consents_in_force,
    do_record_consent,
    do_register_case,
    do_withdraw_consent,
    is_minor_on,
)
from palermo.core.audit import AuditEvent
from tests.conftest import PERSONA_NAMES, case_input, case_page, person_input

EDITORS = {"officer_minsk", "admin"}
VIEWERS = {"officer_minsk", "admin"}
ALL_EXPLAINED = dict.fromkeys(CHECKLIST, True)


def consent(**overrides: object) -> ConsentInput:
    values: dict[str, object] = {
        "purpose": "sharing_with_referral_agencies",
        "given_on": date(2026, 3, 3),
        **ALL_EXPLAINED,
    }
    values.update(overrides)
    return ConsentInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def child_case(actor):
    """A 15-year-old identified in March 2026."""
    return do_register_case(
        actor=actor("officer_minsk"),
        person=person_input(date_of_birth=date(2010, 9, 1)),
        case=case_input(),
    )


# --- the service -----------------------------------------------------------------------------


def test_an_adult_consents_for_a_purpose_and_it_covers_that_purpose_only(actor, minsk_case):
    c = do_record_consent(actor=actor("officer_minsk"), case=minsk_case, data=consent())
    assert c.in_force and c.given_by == "person" and c.giver_name == ""
    assert consent_covers(minsk_case, "sharing_with_referral_agencies")
    assert consent_covers(minsk_case.pk, "sharing_with_referral_agencies")
    assert not consent_covers(minsk_case, "research")
    assert consents_in_force(minsk_case) == {"sharing_with_referral_agencies"}
    event = AuditEvent.objects.get(action="consent.given")
    assert event.object_type == "cases.case" and event.data["purpose"] == c.purpose


def test_every_checklist_item_must_be_a_recorded_yes(actor, minsk_case):
    with pytest.raises(ValidationError) as error:
        do_record_consent(
            actor=actor("officer_minsk"),
            case=minsk_case,
            data=consent(research_use_explained=False, retention_explained=False),
        )
    assert set(error.value.message_dict) == {"research_use_explained", "retention_explained"}
    assert Consent.objects.count() == 0


def test_a_minor_cannot_consent_alone(actor, child_case):
    assert is_minor_on(child_case, date(2026, 3, 3)) is True
    officer = actor("officer_minsk")
    with pytest.raises(ValidationError) as error:
        do_record_consent(actor=officer, case=child_case, data=consent())
    assert "in loco parentis" in error.value.message_dict["given_by"][0]
    with pytest.raises(ValidationError) as error:
        do_record_consent(actor=officer, case=child_case, data=consent(given_by="parent"))
    assert set(error.value.message_dict) == {"giver_name"}
    c = do_record_consent(
        actor=officer,
        case=child_case,
        data=consent(given_by="in_loco_parentis", giver_name="Гомельскі дзіцячы дом, дырэктар"),
    )
    assert c.giver_name == "Гомельскі дзіцячы дом, дырэктар"
    with connection.cursor() as cursor:
        cursor.execute("SELECT giver_name FROM cases_consent WHERE id = %s", [c.pk])
        assert "дырэктар" not in cursor.fetchone()[0]
    assert "дырэктар" not in str(AuditEvent.objects.get(action="consent.given").data)


def test_who_is_a_minor(actor, child_case):
    # By the date of birth when it is known: 18 on 1 September 2028.
    assert is_minor_on(child_case, date(2028, 8, 31)) is True
    assert is_minor_on(child_case, date(2028, 9, 1)) is False
    unknown_age = do_register_case(
        actor=actor("officer_minsk"), person=person_input(date_of_birth=None), case=case_input()
    )
    assert unknown_age.is_minor is None and is_minor_on(unknown_age, date(2026, 3, 3)) is None
    # Unknown age: the person's own consent is accepted.
    do_record_consent(actor=actor("officer_minsk"), case=unknown_age, data=consent())


def test_one_consent_in_force_per_purpose(actor, minsk_case):
    officer = actor("officer_minsk")
    do_record_consent(actor=officer, case=minsk_case, data=consent())
    with pytest.raises(ValidationError) as error:
        do_record_consent(actor=officer, case=minsk_case, data=consent())
    assert "already in force (given on 03.03.2026)" in error.value.message_dict["purpose"][0]
    do_record_consent(actor=officer, case=minsk_case, data=consent(purpose="research"))
    assert consents_in_force(minsk_case) == {"sharing_with_referral_agencies", "research"}


def test_withdrawal_takes_effect_at_once_and_consent_can_be_given_again(actor, minsk_case):
    officer = actor("officer_minsk")
    c = do_record_consent(actor=officer, case=minsk_case, data=consent())
    withdrawn = do_withdraw_consent(actor=officer, consent=c, reason="Afraid of the traffickers.")
    assert not withdrawn.in_force and withdrawn.withdrawn_on is not None
    assert not consent_covers(minsk_case, "sharing_with_referral_agencies")
    event = AuditEvent.objects.get(action="consent.withdrawn")
    assert event.data["reason_given"] is True and "Afraid" not in str(event.data)
    with pytest.raises(ValidationError) as error:
        do_withdraw_consent(actor=officer, consent=c)
    assert "already withdrawn" in error.value.messages[0]
    again = do_record_consent(
        actor=officer, case=minsk_case, data=consent(given_on=date(2026, 4, 1))
    )
    assert consent_covers(minsk_case, "sharing_with_referral_agencies") and again.pk != c.pk
    assert minsk_case.consents.count() == 2


def test_withdrawal_dates_are_checked(actor, minsk_case):
    officer = actor("officer_minsk")
    c = do_record_consent(actor=officer, case=minsk_case, data=consent())
    with pytest.raises(ValidationError) as error:
        do_withdraw_consent(actor=officer, consent=c, withdrawn_on=date(2026, 3, 1))
    assert "before it was given" in error.value.message_dict["withdrawn_on"][0]
    with pytest.raises(ValidationError):
        do_withdraw_consent(actor=officer, consent=c, withdrawn_on=date(2099, 1, 1))
    assert consent_covers(minsk_case, "sharing_with_referral_agencies")


def test_only_editors_of_the_case_record_or_withdraw(actor, minsk_case):
    c = do_record_consent(actor=actor("officer_minsk"), case=minsk_case, data=consent())
    for persona in ("caseworker_gomel", "hotline_operator", "analyst"):
        with pytest.raises(ValidationError):
            do_record_consent(
                actor=actor(persona), case=minsk_case, data=consent(purpose="research")
            )
        with pytest.raises(ValidationError):
            do_withdraw_consent(actor=actor(persona), consent=c)
    assert consents_in_force(minsk_case) == {"sharing_with_referral_agencies"}


# --- the case page (htmx and plain posts) ----------------------------------------------------


def form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "purpose": "data_management",
        "given_on": "2026-03-03",
        "given_by": "person",
        **dict.fromkeys(CHECKLIST, "on"),
    }
    data.update(overrides)
    return data


def test_record_and_withdraw_with_htmx(client_for, minsk_case):
    client = client_for("officer_minsk")
    page = case_page(client, minsk_case.pk).content.decode()
    assert f'hx-post="{reverse("cases:consent_record", args=[minsk_case.pk])}"' in page
    answer = client.post(
        reverse("cases:consent_record", args=[minsk_case.pk]), form_data(), HTTP_HX_REQUEST="true"
    )
    html = answer.content.decode()
    assert answer.status_code == 200
    assert html.startswith('<section id="consent"')  # the section only, swapped in place
    assert "Consent recorded: Management of personal data in the case file." in html
    c = Consent.objects.get()
    withdraw_url = reverse("cases:consent_withdraw", args=[minsk_case.pk, c.pk])
    assert withdraw_url in html
    answer = client.post(
        withdraw_url,
        {f"withdraw-{c.pk}-withdrawn_on": "2026-03-05", f"withdraw-{c.pk}-reason": "Changed mind"},
        HTTP_HX_REQUEST="true",
    )
    html = answer.content.decode()
    assert "no — withdrawn on 05.03.2026" in html and "Changed mind" in html
    assert not consent_covers(minsk_case, "data_management")


def test_htmx_errors_come_back_in_the_section(client_for, child_case):
    answer = client_for("officer_minsk").post(
        reverse("cases:consent_record", args=[child_case.pk]),
        form_data(uses_explained=""),
        HTTP_HX_REQUEST="true",
    )
    html = answer.content.decode()
    assert "The person is a minor" in html
    assert "consent that is not informed cannot be recorded" in html
    assert "<details open>" in html
    assert Consent.objects.count() == 0


def test_without_javascript_the_forms_still_work(client_for, minsk_case):
    client = client_for("officer_minsk")
    ok = client.post(reverse("cases:consent_record", args=[minsk_case.pk]), form_data())
    assert ok.status_code == 302 and ok["Location"].endswith("#consent")
    again = client.post(reverse("cases:consent_record", args=[minsk_case.pk]), form_data())
    assert again.status_code == 200
    assert (
        f"Case {minsk_case.reference}</h1>" in again.content.decode()
    )  # the case page, with the form's error
    assert "already in force" in again.content.decode()


def test_a_minors_form_proposes_a_parent(client_for, child_case):
    page = case_page(client_for("officer_minsk"), child_case.pk)
    assert '<option value="parent" selected>' in page.content.decode()


# --- permission tables -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_record_consent_page_action(persona, client_for, minsk_case):
    response = client_for(persona).post(
        reverse("cases:consent_record", args=[minsk_case.pk]), form_data()
    )
    assert response.status_code == (302 if persona in EDITORS else 404)
    assert consent_covers(minsk_case, "data_management") == (persona in EDITORS)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_withdraw_consent_page_action(persona, actor, client_for, minsk_case):
    c = do_record_consent(actor=actor("officer_minsk"), case=minsk_case, data=consent())
    response = client_for(persona).post(
        reverse("cases:consent_withdraw", args=[minsk_case.pk, c.pk]),
        {f"withdraw-{c.pk}-withdrawn_on": "2026-03-05"},
    )
    assert response.status_code == (302 if persona in EDITORS else 404)
    assert consent_covers(minsk_case, c.purpose) == (persona not in EDITORS)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_consent_section_on_the_case_page(persona, client_for, minsk_case):
    response = case_page(client_for(persona), minsk_case.pk)
    if persona not in VIEWERS:
        assert response.status_code == 404
        return
    assert ("Record consent" in response.content.decode()) == (persona in EDITORS)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_consent_api(persona, api_for, minsk_case):
    client = api_for(persona)
    body = {"purpose": "research", "given_on": "2026-03-03", **ALL_EXPLAINED}
    created = client.post(f"/api/cases/{minsk_case.pk}/consents/", body, format="json")
    assert created.status_code == (201 if persona in EDITORS else 404)
    listed = client.get(f"/api/cases/{minsk_case.pk}/consents/")
    assert listed.status_code == (200 if persona in VIEWERS else 404)


def test_api_withdraw_and_errors(api_for, child_case):
    client = api_for("officer_minsk")
    url = f"/api/cases/{child_case.pk}/consents/"
    body = {"purpose": "research", "given_on": "2026-03-03", **ALL_EXPLAINED}
    refused = client.post(url, body, format="json")
    assert refused.status_code == 400 and "given_by" in refused.json()
    created = client.post(url, dict(body, given_by="parent", giver_name="Ірына"), format="json")
    assert created.status_code == 201 and created.json()["giver_name"] == "Ірына"
    consent_id = created.json()["id"]
    withdrawn = client.post(f"{url}{consent_id}/withdraw/", {"reason": "No"}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["in_force"] is False
    assert client.post(f"{url}{consent_id}/withdraw/", {}, format="json").status_code == 400
    other = api_for("outsider").post(f"{url}{consent_id}/withdraw/", {}, format="json")
    assert other.status_code == 404
