"""'Possibly known to agency X' → ask that agency for contact. The asking agency never learns who
it is; the asked agency sees its own case in its list and closes the request."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from palermo.core.errors import ConflictError
from palermo.core.models import AuditEvent
from palermo.people.models import ContactRequest
from palermo.people.services import (
    PersonInput,
    do_answer_contact_request,
    do_check_duplicates,
    do_request_contact,
)

QUERY = {"family_name": "Шевченко", "given_name": "Ольга", "date_of_birth": "1999-04-12"}


def _token(client) -> str:
    html = client.get(reverse("people:possible_matches"), QUERY).content.decode()
    return re.search(r'name="hint1-token" value="([^"]+)"', html).group(1)


def test_outsider_asks_and_the_holder_answers(client_for, minsk_case):
    outsider = client_for("outsider")
    token = _token(outsider)
    # What the button of the first hint sends (hx-params keeps just these).
    response = outsider.post(
        reverse("people:contact_request_create"),
        {"hint": "1", "hint1-token": token,
         "hint1-message": "Call us at the Grodno office, +375 15 000 00 00"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    sent = response.content.decode()
    assert f"Your request was sent to {minsk_case.owning_agency.name}" in sent
    request = ContactRequest.objects.get()
    assert list(request.persons.all()) == [minsk_case.person]

    # The asking side: agency and status, never who.
    mine = outsider.get(reverse("people:contact_requests")).content.decode()
    assert minsk_case.owning_agency.name in mine
    for secret in [minsk_case.reference, minsk_case.person.reference, "Шаўчэнка"]:
        assert secret not in mine

    # The asked side: which of its cases, who asks, the message.
    officer = client_for("officer_minsk")
    theirs = officer.get(reverse("people:contact_requests")).content.decode()
    assert minsk_case.reference in theirs and "Grodno Outsider Association" in theirs
    assert "+375 15 000 00 00" in theirs

    response = officer.post(
        reverse("people:contact_request_answer", args=[request.pk]), {"status": "answered"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "answered"
    assert "Answered" in outsider.get(reverse("people:contact_requests")).content.decode()
    actions = list(
        AuditEvent.objects.filter(object_type="people.contactrequest").values_list(
            "action", flat=True
        )
    )
    assert actions == ["person.contact_requested", "person.contact_request_closed"]
    assert "+375" not in str(AuditEvent.objects.filter(action__startswith="person.").values_list("data", flat=True))  # fmt: skip


def test_only_the_asked_agency_closes_a_request(client_for, actor, minsk_case):
    token = _token(client_for("outsider"))
    request = do_request_contact(actor=actor("outsider"), token=token)
    # The asker cannot answer its own request; a third agency does not even see it.
    assert (
        client_for("outsider")
        .post(reverse("people:contact_request_answer", args=[request.pk]), {"status": "answered"})
        .status_code
        == 404
    )
    assert (
        client_for("caseworker_gomel")
        .post(reverse("people:contact_request_answer", args=[request.pk]), {"status": "answered"})
        .status_code
        == 404
    )
    do_answer_contact_request(actor=actor("officer_minsk"), request=request, status="declined")
    with pytest.raises(ConflictError):
        do_answer_contact_request(actor=actor("officer_minsk"), request=request, status="answered")


def test_a_token_works_only_for_whoever_got_it(actor, client_for, minsk_case):
    token = _token(client_for("outsider"))
    before = AuditEvent.objects.count()
    for name, bad in [("caseworker_gomel", token), ("outsider", token[:-4] + "AAAA"),
                      ("outsider", "")]:  # fmt: skip
        with pytest.raises(ValidationError) as exc:
            do_request_contact(actor=actor(name), token=bad)
        assert "no longer valid" in str(exc.value)
    assert AuditEvent.objects.count() == before and not ContactRequest.objects.exists()


def test_asking_twice_is_refused_while_the_request_is_open(actor, client_for, minsk_case):
    token = _token(client_for("outsider"))
    do_request_contact(actor=actor("outsider"), token=token)
    with pytest.raises(ValidationError) as exc:
        do_request_contact(actor=actor("outsider"), token=token)
    assert "already asked" in str(exc.value)


def test_contact_request_through_the_api(api_for, minsk_case):
    outsider = api_for("outsider")
    hint = outsider.post("/api/people/matches/", QUERY, format="json").json()["elsewhere"][0]
    response = outsider.post(
        "/api/people/contact-requests/",
        {"contact_token": hint["contact_token"], "message": "Please call"},
        format="json",
    )
    assert response.status_code == 201
    sent = response.json()
    assert sent["direction"] == "outgoing" and sent["person_references"] == []
    officer = api_for("officer_minsk")
    [incoming] = officer.get("/api/people/contact-requests/").json()["results"]
    assert incoming["direction"] == "incoming"
    assert incoming["person_references"] == [minsk_case.person.reference]
    closed = officer.post(
        f"/api/people/contact-requests/{incoming['id']}/answer/", {"status": "answered"},
        format="json",
    )  # fmt: skip
    assert closed.status_code == 200 and closed.json()["status"] == "answered"
    again = officer.post(
        f"/api/people/contact-requests/{incoming['id']}/answer/", {"status": "answered"},
        format="json",
    )  # fmt: skip
    assert again.status_code == 409
    bad = outsider.post(
        "/api/people/contact-requests/", {"contact_token": "nonsense"}, format="json"
    )
    assert bad.status_code == 400 and "no longer valid" in str(bad.json())


def test_a_long_message_is_refused(actor, client_for, minsk_case):
    token = _token(client_for("outsider"))
    with pytest.raises(ValidationError) as exc:
        do_request_contact(actor=actor("outsider"), token=token, message="x" * 2001)
    assert "message" in exc.value.message_dict


def test_roles_that_cannot_check_cannot_ask(actor, minsk_case):
    with pytest.raises(ValidationError):
        do_check_duplicates(actor=actor("analyst"), data=PersonInput(family_name="Шевченко"))
    with pytest.raises(ValidationError):
        do_request_contact(actor=actor("analyst"), token="x")


def test_a_token_does_not_tell_how_many_persons_matched(actor, minsk_case):
    from palermo.people.duplicates import _contact_token

    officer = actor("outsider")
    one = _contact_token(officer, minsk_case.owning_agency_id, [1])
    many = _contact_token(officer, minsk_case.owning_agency_id, list(range(1000, 1020)))
    assert len(one) == len(many)


def test_without_htmx_the_request_answers_with_a_page(client_for, minsk_case):
    outsider = client_for("outsider")
    token = _token(outsider)
    response = outsider.post(reverse("people:contact_request_create"), {"token": token})
    assert response.status_code == 302
    page = outsider.get(response["Location"]).content.decode()
    assert f"Your request was sent to {minsk_case.owning_agency.name}" in page
    again = outsider.post(reverse("people:contact_request_create"), {"token": token})
    assert "already asked" in outsider.get(again["Location"]).content.decode()
