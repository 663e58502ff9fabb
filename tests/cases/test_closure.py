"""Closing a case with an HTCDS case status and a reason, and reopening it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from palermo.cases.models import CaseStatusChange
from palermo.cases.services import CaseStatusInput, do_close_case, do_reopen_case
from palermo.core.audit import AuditEvent
from palermo.core.errors import ConflictError
from tests.conftest import PERSONA_NAMES, case_page

EDITORS = {"officer_minsk", "admin"}


def closing(**overrides: object) -> CaseStatusInput:
    values: dict[str, object] = {
        "status": "closed_referred",
        "on": date(2026, 6, 1),
        "reason": "referred",
        "note": "Handed over to the NGO in Gomel.",
    }
    values.update(overrides)
    return CaseStatusInput(**values)  # type: ignore[arg-type]


def test_close_and_reopen(actor, minsk_case):
    officer = actor("officer_minsk")
    closed = do_close_case(actor=officer, case=minsk_case, data=closing(), expected_status="active")
    assert closed.status == "closed_referred" and closed.closed_on == date(2026, 6, 1)
    assert not closed.is_open
    reopened = do_reopen_case(
        actor=officer,
        case=closed,
        data=CaseStatusInput(status="follow_up", on=date(2026, 7, 1), note="Back in Minsk."),
        expected_status="closed_referred",
    )
    assert reopened.status == "follow_up" and reopened.closed_on is None
    history = list(minsk_case.status_changes.values_list("from_status", "to_status", "reason"))
    assert history == [
        ("closed_referred", "follow_up", ""),
        ("active", "closed_referred", "referred"),
    ]
    events = list(AuditEvent.objects.filter(action__in=["case.closed", "case.reopened"]))
    assert [e.action for e in events] == ["case.closed", "case.reopened"]
    assert events[0].data["reason"] == "referred" and "Gomel" not in str(events[0].data)


def test_bad_closing_names_every_field_and_changes_nothing(actor, minsk_case):
    bad = closing(status="active", reason="bored", on=date(2026, 1, 1), note="x" * 20001)
    with pytest.raises(ValidationError) as error:
        do_close_case(
            actor=actor("officer_minsk"), case=minsk_case, data=bad, expected_status="active"
        )
    assert set(error.value.message_dict) == {"status", "reason", "on", "note"}
    assert "cannot be before 02.03.2026" in error.value.message_dict["on"][0]
    minsk_case.refresh_from_db()
    assert minsk_case.status == "active" and CaseStatusChange.objects.count() == 0


def test_reopening_needs_a_closed_case_and_a_date_after_closing(actor, minsk_case):
    officer = actor("officer_minsk")
    reopen = CaseStatusInput(status="active", on=date(2026, 5, 1))
    with pytest.raises(ValidationError) as error:
        do_reopen_case(actor=officer, case=minsk_case, data=reopen, expected_status="active")
    assert "only a closed case can be reopened" in error.value.messages[0]
    do_close_case(actor=officer, case=minsk_case, data=closing(), expected_status="active")
    with pytest.raises(ValidationError) as error:
        do_reopen_case(
            actor=officer, case=minsk_case, data=reopen, expected_status="closed_referred"
        )
    assert "cannot be before 01.06.2026" in error.value.message_dict["on"][0]


def test_a_stale_status_is_refused(actor, minsk_case):
    officer = actor("officer_minsk")
    do_close_case(actor=officer, case=minsk_case, data=closing(), expected_status="active")
    with pytest.raises(ConflictError):
        do_close_case(
            actor=actor("admin"),
            case=minsk_case,
            data=closing(status="closed"),
            expected_status="active",
        )
    assert CaseStatusChange.objects.count() == 1


def test_only_editors_close(actor, minsk_case):
    for persona in ("caseworker_gomel", "hotline_operator", "analyst"):
        with pytest.raises(ValidationError):
            do_close_case(
                actor=actor(persona), case=minsk_case, data=closing(), expected_status="active"
            )
    minsk_case.refresh_from_db()
    assert minsk_case.status == "active"


# --- the pages -------------------------------------------------------------------------------


def test_close_and_reopen_through_the_pages(client_for, minsk_case):
    client = client_for("officer_minsk")
    page = case_page(client, minsk_case.pk).content.decode()
    assert reverse("cases:close", args=[minsk_case.pk]) in page
    form = client.get(reverse("cases:close", args=[minsk_case.pk])).content.decode()
    assert "Closed (referred)" in form and "Contact with the person was lost" in form
    answer = client.post(
        reverse("cases:close", args=[minsk_case.pk]),
        {"status": "closed", "on": "2026-06-01", "reason": "lost_contact", "note": "Phone off.",
         "expected_status": "active"},
    )  # fmt: skip
    assert answer.status_code == 302
    page = case_page(client, minsk_case.pk).content.decode()
    assert "closed on 01.06.2026" in page and "Contact with the person was lost" in page
    assert "Phone off." in page
    assert reverse("cases:reopen", args=[minsk_case.pk]) in page
    # A closed case cannot be closed again; the close page is gone.
    assert client.get(reverse("cases:close", args=[minsk_case.pk])).status_code == 404
    answer = client.post(
        reverse("cases:reopen", args=[minsk_case.pk]),
        {"status": "active", "on": "2026-06-10", "expected_status": "closed"},
    )
    assert answer.status_code == 302
    minsk_case.refresh_from_db()
    assert minsk_case.status == "active"


def test_the_page_shows_errors(client_for, minsk_case):
    answer = client_for("officer_minsk").post(
        reverse("cases:close", args=[minsk_case.pk]),
        {"status": "closed", "on": "2099-01-01", "expected_status": "active"},
    )
    html = answer.content.decode()
    assert "The date cannot be in the future." in html and "This field is required." in html
    minsk_case.refresh_from_db()
    assert minsk_case.status == "active"


# --- permission tables -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_close_page(persona, client_for, minsk_case):
    response = client_for(persona).get(reverse("cases:close", args=[minsk_case.pk]))
    assert response.status_code == (200 if persona in EDITORS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_close_api(persona, api_for, minsk_case):
    body = {"status": "closed", "on": "2026-06-01", "reason": "assistance_completed",
            "expected_status": "active"}  # fmt: skip
    response = api_for(persona).post(f"/api/cases/{minsk_case.pk}/close/", body, format="json")
    assert response.status_code == (200 if persona in EDITORS else 404)
    minsk_case.refresh_from_db()
    assert (minsk_case.status == "closed") == (persona in EDITORS)


def test_api_reopen_conflict_and_history(api_for, minsk_case):
    client = api_for("officer_minsk")
    url = f"/api/cases/{minsk_case.pk}/"
    body = {"status": "closed", "on": "2026-06-01", "reason": "declined_assistance",
            "note": "Wants no contact.", "expected_status": "active"}  # fmt: skip
    assert client.post(url + "close/", body, format="json").status_code == 200
    assert client.post(url + "close/", body, format="json").status_code == 409
    bad = client.post(url + "reopen/", {"on": "2026-05-01", "expected_status": "closed"})
    assert bad.status_code == 400 and "on" in bad.json()
    ok = client.post(url + "reopen/", {"on": "2026-06-02", "expected_status": "closed"})
    assert ok.status_code == 200 and ok.json()["status"] == "active"
    history = client.get(url + "status/").json()["changes"]
    assert [(c["from_status"], c["to_status"]) for c in history] == [
        ("closed", "active"),
        ("active", "closed"),
    ]
    assert history[1]["note"] == "Wants no contact."
    assert api_for("outsider").get(url + "status/").status_code == 404
