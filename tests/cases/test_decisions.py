"""Decisions on victim status: only the competent body decides, on a legal basis the pack allows,
by a deadline counted in working days; decisions are a history and cannot overwrite each other."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from palermo.cases.models import Case, StatusDecision
from palermo.cases.services import (
    CaseStatusInput,
    DecisionInput,
    do_close_case,
    do_decide_status,
    do_register_case,
    overdue_decisions,
)
from palermo.core.audit import AuditEvent
from palermo.core.errors import ConflictError
from tests.conftest import PERSONA_NAMES, case_input, case_page, person_input

REGISTRARS = ["officer_minsk", "caseworker_gomel", "shelter_manager", "investigator",
              "hotline_operator", "outsider"]  # fmt: skip
COMPETENT = {"officer_minsk", "investigator"}  # a CT unit and the Investigative Committee


def decision(**overrides: object) -> DecisionInput:
    values: dict[str, object] = {
        "outcome": "actual",
        "legal_basis": "law_350z_art1",
        "decided_on": date(2026, 3, 10),
        "reasons": "Recruited by deception, passport taken, kept in a flat.",
    }
    values.update(overrides)
    return DecisionInput(**values)  # type: ignore[arg-type]


# --- the service -----------------------------------------------------------------------------


def test_the_competent_body_recognises_a_victim_on_a_legal_basis(actor, minsk_case):
    d = do_decide_status(
        actor=actor("officer_minsk"), case=minsk_case, data=decision(), expected_status="possible"
    )
    minsk_case.refresh_from_db()
    assert minsk_case.trafficking_status == "actual"
    assert d.previous_status == "possible"
    assert d.legal_basis_citation == "Law No. 350-Z, Art. 1"
    # Identified Monday 2 March 2026: 10 working days → Monday 16 March.
    assert d.due_on == date(2026, 3, 16) and d.on_time is True
    event = AuditEvent.objects.get(action="case.status_decided")
    assert (
        event.data["outcome"] == "actual" and event.data["legal_basis"] == "Law No. 350-Z, Art. 1"
    )
    assert "passport" not in str(event.data)


def test_reasons_are_encrypted_at_rest(actor, minsk_case):
    d = do_decide_status(
        actor=actor("officer_minsk"), case=minsk_case, data=decision(), expected_status="possible"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT reasons FROM cases_statusdecision WHERE id = %s", [d.pk])
        assert "passport" not in cursor.fetchone()[0]


def test_bad_input_names_every_field_and_changes_nothing(actor, minsk_case):
    bad = decision(outcome="maybe", decided_on=date(2026, 2, 1), reasons="  ")
    with pytest.raises(ValidationError) as error:
        do_decide_status(
            actor=actor("officer_minsk"), case=minsk_case, data=bad, expected_status="possible"
        )
    assert set(error.value.message_dict) == {"outcome", "decided_on", "reasons"}
    assert "before the person was identified" in error.value.message_dict["decided_on"][0]
    # A basis the pack allows for recognition only is refused for "not a victim".
    with pytest.raises(ValidationError) as error:
        do_decide_status(
            actor=actor("officer_minsk"),
            case=minsk_case,
            data=decision(outcome="not_a_victim", legal_basis="cc_181"),
            expected_status="possible",
        )
    assert set(error.value.message_dict) == {"legal_basis"}
    minsk_case.refresh_from_db()
    assert minsk_case.trafficking_status == "possible"
    assert StatusDecision.objects.count() == 0


@pytest.mark.parametrize("persona", ["admin", "caseworker_gomel"])
def test_an_editor_that_is_not_a_competent_body_cannot_decide(persona, actor, minsk_case):
    case = minsk_case
    if persona == "caseworker_gomel":
        case = do_register_case(actor=actor(persona), person=person_input(), case=case_input())
    with pytest.raises(ValidationError):
        do_decide_status(
            actor=actor(persona), case=case, data=decision(), expected_status="possible"
        )
    assert StatusDecision.objects.count() == 0


def test_a_stale_decision_is_refused_and_the_same_status_twice_too(actor, minsk_case):
    officer = actor("officer_minsk")
    do_decide_status(actor=officer, case=minsk_case, data=decision(), expected_status="possible")
    with pytest.raises(ConflictError):
        # Read "possible" before the first decision was saved.
        do_decide_status(
            actor=officer,
            case=minsk_case,
            data=decision(outcome="not_a_victim"),
            expected_status="possible",
        )
    with pytest.raises(ValidationError) as error:
        do_decide_status(actor=officer, case=minsk_case, data=decision(), expected_status="actual")
    assert "already has this status" in error.value.message_dict["outcome"][0]
    assert StatusDecision.objects.count() == 1


def test_decisions_are_a_history_and_the_status_follows_the_latest(actor, minsk_case):
    officer = actor("officer_minsk")
    do_decide_status(actor=officer, case=minsk_case, data=decision(), expected_status="possible")
    do_decide_status(
        actor=officer,
        case=minsk_case,
        data=decision(outcome="not_a_victim", decided_on=date(2026, 4, 1)),
        expected_status="actual",
    )
    minsk_case.refresh_from_db()
    assert minsk_case.trafficking_status == "not_a_victim"
    history = list(minsk_case.status_decisions.values_list("previous_status", "outcome"))
    assert history == [("actual", "not_a_victim"), ("possible", "actual")]


@pytest.mark.skipif(
    "postgresql" not in connection.settings_dict["ENGINE"],
    reason="needs real concurrent transactions (PostgreSQL)",
)
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_decisions_cannot_both_apply(personas, actor):
    case = do_register_case(actor=actor("officer_minsk"), person=person_input(), case=case_input())
    start = threading.Barrier(2)
    results: list[str] = []

    def decide(outcome: str) -> None:
        try:
            start.wait()
            do_decide_status(
                actor=actor("officer_minsk"),
                case=case,
                data=decision(outcome=outcome),
                expected_status="possible",
            )
            results.append("applied")
        except ConflictError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(o,)) for o in ("actual", "not_a_victim")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["applied", "refused"]
    assert StatusDecision.objects.filter(case=case).count() == 1


# --- the deadline and the overdue list -------------------------------------------------------


def test_the_deadline_skips_weekends_and_public_holidays(actor):
    case = do_register_case(
        actor=actor("officer_minsk"),
        person=person_input(),
        case=case_input(identified_on=date(2026, 4, 30)),
    )
    # Thursday 30 April; 1 May (Labour Day) and the weekends do not count: Friday 15 May.
    assert case.status_decision_due_on == date(2026, 5, 15)


def test_overdue_decisions_are_open_undecided_cases_past_their_due_date(actor, minsk_case):
    officer = actor("officer_minsk")
    assert list(overdue_decisions(officer, today=date(2026, 3, 16))) == []
    assert list(overdue_decisions(officer, today=date(2026, 3, 17))) == [minsk_case]
    # Only the actor's cases: the Gomel case worker does not see the Minsk case.
    assert list(overdue_decisions(actor("caseworker_gomel"), today=date(2026, 3, 17))) == []
    assert list(overdue_decisions(actor("admin"), today=date(2026, 3, 17))) == [minsk_case]
    closed = do_register_case(actor=officer, person=person_input(), case=case_input())
    do_close_case(
        actor=officer,
        case=closed,
        data=CaseStatusInput(status="closed", on=date(2026, 3, 5), reason="lost_contact"),
        expected_status="active",
    )
    do_decide_status(actor=officer, case=minsk_case, data=decision(), expected_status="possible")
    assert list(overdue_decisions(officer, today=date(2026, 3, 17))) == []


# --- the pages -------------------------------------------------------------------------------


def test_the_case_page_shows_the_due_date_and_the_decide_button(client_for, minsk_case):
    page = case_page(client_for("officer_minsk"), minsk_case.pk)
    html = page.content.decode()
    assert "Decision due by" in html and "16.03.2026" in html
    assert "overdue" in html  # today is long after 16 March 2026
    assert "Belarus pack, procedural rule 1" in html
    assert reverse("cases:decide", args=[minsk_case.pk]) in html
    admin = case_page(client_for("admin"), minsk_case.pk)
    assert reverse("cases:decide", args=[minsk_case.pk]) not in admin.content.decode()


def test_decide_through_the_page(client_for, minsk_case):
    client = client_for("officer_minsk")
    url = reverse("cases:decide", args=[minsk_case.pk])
    form = client.get(url).content.decode()
    assert "Law No. 350-Z, Art. 8" in form  # who is competent, and why
    assert 'value="not_a_victim:law_350z_art1"' in form
    assert "Criminal Code, Art. 181 — Human trafficking" in form
    answer = client.post(
        url,
        {"decision": "actual:cc_181", "decided_on": "2026-03-12", "reasons": "Confirmed.",
         "expected_status": "possible"},
    )  # fmt: skip
    assert answer.status_code == 302
    page = case_page(client, minsk_case.pk).content.decode()
    assert "Criminal Code, Art. 181" in page and "Confirmed." in page
    assert "Decide status" in page  # a revision stays possible


def test_the_page_shows_every_error_and_a_stale_form_is_refused(client_for, actor, minsk_case):
    client = client_for("officer_minsk")
    url = reverse("cases:decide", args=[minsk_case.pk])
    answer = client.post(url, {"decision": "not_a_victim:cc_181", "decided_on": "2099-01-01",
                               "expected_status": "possible"})  # fmt: skip
    html = answer.content.decode()
    assert "The date of the decision cannot be in the future." in html
    assert "This field is required." in html  # reasons
    do_decide_status(
        actor=actor("officer_minsk"), case=minsk_case, data=decision(), expected_status="possible"
    )
    stale = client.post(url, {"decision": "not_a_victim:law_350z_art1", "decided_on": "2026-03-12",
                              "reasons": "No.", "expected_status": "possible"})  # fmt: skip
    assert "Someone else recorded a decision" in stale.content.decode()
    assert StatusDecision.objects.count() == 1


def test_overdue_page_and_partial(client_for, minsk_case):
    html = client_for("officer_minsk").get(reverse("cases:overdue_decisions")).content.decode()
    assert minsk_case.reference in html and "16.03.2026" in html
    other = client_for("caseworker_gomel").get(reverse("cases:overdue_decisions")).content.decode()
    assert minsk_case.reference not in other and "No decision is overdue." in other


# --- permission tables -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_decide_page_for_the_minsk_case(persona, client_for, minsk_case):
    response = client_for(persona).get(reverse("cases:decide", args=[minsk_case.pk]))
    assert response.status_code == (200 if persona == "officer_minsk" else 404)


@pytest.mark.parametrize("persona", REGISTRARS)
def test_decide_on_ones_own_case(persona, actor, client_for):
    """Every registering agency edits its own cases; only competent bodies decide on them."""
    case = do_register_case(actor=actor(persona), person=person_input(), case=case_input())
    client = client_for(persona)
    page = case_page(client, case.pk).content.decode()
    decide = client.get(reverse("cases:decide", args=[case.pk]))
    assert decide.status_code == (200 if persona in COMPETENT else 404)
    assert (reverse("cases:decide", args=[case.pk]) in page) == (persona in COMPETENT)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_decisions_api_read(persona, api_for, minsk_case):
    response = api_for(persona).get(f"/api/cases/{minsk_case.pk}/decisions/")
    assert response.status_code == (200 if persona in {"officer_minsk", "admin"} else 404)
    if response.status_code == 200:
        body = response.json()
        assert body["decision_due_on"] == "2026-03-16" and body["overdue"] is True
        assert body["can_decide"] == (persona == "officer_minsk")


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_decisions_api_decide(persona, api_for, minsk_case):
    body = {"outcome": "not_a_victim", "legal_basis": "law_350z_art1", "decided_on": "2026-03-12",
            "reasons": "Not exploited.", "expected_status": "possible"}  # fmt: skip
    response = api_for(persona).post(f"/api/cases/{minsk_case.pk}/decisions/", body, format="json")
    assert response.status_code == (201 if persona == "officer_minsk" else 404)
    minsk_case.refresh_from_db()
    assert (minsk_case.trafficking_status == "not_a_victim") == (persona == "officer_minsk")


def test_api_errors_are_400_and_conflicts_409(api_for, minsk_case):
    client = api_for("officer_minsk")
    url = f"/api/cases/{minsk_case.pk}/decisions/"
    body = {"outcome": "actual", "legal_basis": "aoc_9_23", "decided_on": "2026-03-12",
            "reasons": "x", "expected_status": "possible"}  # fmt: skip
    bad = client.post(url, body, format="json")
    assert bad.status_code == 400 and "legal_basis" in bad.json()
    assert client.post(url, dict(body, legal_basis="cc_181"), format="json").status_code == 201
    stale = client.post(url, dict(body, legal_basis="cc_181"), format="json")
    assert stale.status_code == 409
    listed = client.get(url).json()
    assert [d["legal_basis_citation"] for d in listed["decisions"]] == ["Criminal Code, Art. 181"]
    assert listed["decisions"][0]["reasons"] == "x"


def test_api_overdue_list(api_for, minsk_case):
    found = api_for("officer_minsk").get("/api/cases/overdue-decisions/").json()
    assert [c["reference"] for c in found["results"]] == [minsk_case.reference]
    assert found["results"][0]["decision_due_on"] == "2026-03-16"
    assert api_for("outsider").get("/api/cases/overdue-decisions/").json()["count"] == 0
    assert api_for("analyst").get("/api/cases/overdue-decisions/").status_code == 403


def test_schema_documents_the_new_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    for piece in ("/api/cases/{case_id}/decisions/", "/api/screenings/", "expected_status",
                  "/api/cases/{case_id}/consents/", "/api/cases/{case_id}/close/"):  # fmt: skip
        assert piece in schema, piece


def test_a_case_of_another_jurisdiction_is_decided_by_its_own_rules(settings, db):
    """Testland: police decide, on the Victims Act, within 20 working days (Friday-Saturday
    weekend)."""
    from pathlib import Path

    from palermo.accounts.actor import actor_for_membership
    from palermo.accounts.services import do_add_membership, do_create_agency, do_create_user
    from palermo.jurisdictions.pack import clear_pack_cache

    settings.PALERMO_JURISDICTION = "testland"
    settings.PALERMO_JURISDICTION_DIRS = [
        str(Path(__file__).resolve().parent.parent / "jurisdictions" / "packs")
    ]
    clear_pack_cache()
    police = do_create_agency(actor=None, name="Testland Police", kind="police", region="TL-N")
    user = do_create_user(actor=None, username="constable", password="Testland-pass-99")
    constable = actor_for_membership(
        do_add_membership(actor=None, user=user, agency=police, role="ct_officer")
    )
    case: Case = do_register_case(
        actor=constable, person=person_input(), case=case_input(region="TL-S")
    )
    with pytest.raises(ValidationError) as error:
        do_decide_status(actor=constable, case=case, data=decision(), expected_status="possible")
    assert "legal_basis" in error.value.message_dict  # Belarus's law is not Testland's
    d = do_decide_status(
        actor=constable,
        case=case,
        data=decision(legal_basis="victims_act_s4"),
        expected_status="possible",
    )
    assert d.legal_basis_citation == "Victims Act 2020, s. 4"
    assert d.due_on == case.status_decision_due_on
    clear_pack_cache()
