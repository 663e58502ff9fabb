"""Registering a presumed victim, finding the case again, editing it — in the web UI and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from palermo.cases.models import Case
from palermo.cases.services import do_register_case, do_update_case
from palermo.core.errors import ConflictError
from palermo.core.models import AuditEvent
from palermo.people.models import Person
from tests.conftest import case_input, person_input

FORM = {
    "family_name": "Кавалёва",
    "given_name": "Алена",
    "patronymic": "Іванаўна",
    "family_name_latin": "Kavaliova",
    "given_name_latin": "Alena",
    "date_of_birth": "2008-05-17",
    "gender": "female",
    "citizenship_status": "citizen",
    "citizenship": "BY",
    "exploitation_forms": ["sexual_exploitation", "child_sexual_abuse_material"],
    "country_of_recruitment": "BY",
    "country_of_exploitation": "PL",
    "identification_method": "border_check",
    "region": "BY-HM",
    "identified_on": "2026-02-10",
    "narrative": "Met at the border with a man who held her passport.",
}


def test_officer_registers_through_the_form_and_finds_it_again(client_for):
    client = client_for("officer_minsk")
    response = client.post(reverse("cases:register"), FORM)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.reference.startswith(f"BY-{case.created_at.year}-")
    assert case.owning_agency.region == "BY-HM"
    assert case.trafficking_status == "possible"
    assert case.is_minor is True and case.age_at_identification == 17
    assert sorted(case.exploitation_form_codes) == [
        "child_sexual_abuse_material",
        "sexual_exploitation",
    ]

    page = client.get(response["Location"]).content.decode()
    assert "Кавалёва" in page and "Kavaliova" in page

    for query in [
        case.person.reference,
        case.reference,
        "Кавалёва",
        "kavaliova",
        "KAVALIOVA Alena",
        "КАВАЛЁВА",
    ]:
        listing = client.get(reverse("cases:list"), {"q": query}).content.decode()
        assert case.reference in listing, query
    assert (
        case.reference not in client.get(reverse("cases:list"), {"q": "Smirnova"}).content.decode()
    )


def test_search_answers_htmx_with_just_the_table(client_for, minsk_case):
    response = client_for("officer_minsk").get(
        reverse("cases:list"), {"q": "Shauchenka"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert minsk_case.reference in body
    assert "<html" not in body


def test_bad_form_input_names_each_problem_and_writes_nothing(client_for):
    bad = dict(FORM, family_name="", given_name="", family_name_latin="", given_name_latin="",
               date_of_birth="2999-01-01", citizenship="", exploitation_forms=[], region="BY-XX",
               identified_on="")  # fmt: skip
    response = client_for("officer_minsk").post(reverse("cases:register"), bad)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter at least one name" in page
    assert "cannot be in the future" in page
    assert "Choose the country of citizenship" in page
    assert "at least one (suspected) form of exploitation" in page
    assert Case.objects.count() == 0 and Person.objects.count() == 0


def test_stateless_person_has_no_citizenship(actor):
    with pytest.raises(ValidationError) as err:
        do_register_case(
            actor=actor("officer_minsk"),
            person=person_input(citizenship_status="stateless", citizenship="BY"),
            case=case_input(),
        )
    assert "citizenship" in err.value.message_dict
    case = do_register_case(
        actor=actor("officer_minsk"),
        person=person_input(citizenship_status="stateless", citizenship=""),
        case=case_input(),
    )
    assert case.person.citizenship_status == "stateless"


def test_exploitation_cannot_end_before_it_began(actor):
    with pytest.raises(ValidationError) as err:
        do_register_case(
            actor=actor("officer_minsk"),
            person=person_input(),
            case=case_input(
                exploitation_started_on=case_input().identified_on,
                exploitation_ended_on=case_input().exploitation_started_on,
            ),
        )
    assert "exploitation_ended_on" in err.value.message_dict


def test_names_are_encrypted_at_rest(minsk_case):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM {Person._meta.db_table} WHERE id = %s", [minsk_case.person_id]
        )
        row = " ".join(str(v) for v in cursor.fetchone())
        cursor.execute(
            f"SELECT narrative FROM {Case._meta.db_table} WHERE id = %s", [minsk_case.pk]
        )
        narrative = cursor.fetchone()[0]
    for plaintext in ["Шаўчэнка", "Shauchenka", "Вольга", "Volha", "1999-04-12"]:
        assert plaintext not in row
    assert "waitresses" not in narrative
    assert Person.objects.get(pk=minsk_case.person_id).family_name == "Шаўчэнка"


def test_registration_and_reads_are_audited_without_identity(client_for, minsk_case):
    registered = AuditEvent.objects.get(action="case.registered")
    assert registered.object_id == str(minsk_case.pk)
    assert registered.actor_username == "officer_minsk"
    client_for("admin").get(reverse("cases:detail", args=[minsk_case.pk]))
    viewed = AuditEvent.objects.filter(action="person.identity_viewed").latest("seq")
    assert viewed.actor_username == "admin" and viewed.purpose == "case file"
    dump = " ".join(str(e.data) for e in AuditEvent.objects.all())
    assert "Шаўчэнка" not in dump and "Shauchenka" not in dump


def test_edit_through_the_form(client_for, minsk_case):
    client = client_for("officer_minsk")
    data = dict(
        FORM,
        version=minsk_case.version,
        family_name="Шаўчэнка-Новік",
        family_name_latin="Shauchenka-Novik",
    )
    response = client.post(reverse("cases:edit", args=[minsk_case.pk]), data)
    assert response.status_code == 302
    minsk_case.refresh_from_db()
    assert minsk_case.version == 2
    assert minsk_case.person.family_name == "Шаўчэнка-Новік"
    listing = client.get(reverse("cases:list"), {"q": "Novik"}).content.decode()
    assert minsk_case.reference in listing
    event = AuditEvent.objects.filter(action="case.updated").latest("seq")
    assert "family_name" in event.data["person_fields"]


def test_concurrent_edit_is_refused_not_lost(actor, minsk_case):
    officer = actor("officer_minsk")
    do_update_case(actor=officer, case=minsk_case, expected_version=1,
                   person=person_input(given_name="Вольга"), data=case_input(region="BY-MI"))  # fmt: skip
    with pytest.raises(ConflictError):
        do_update_case(actor=officer, case=minsk_case, expected_version=1,
                       person=person_input(), data=case_input(region="BY-BR"))  # fmt: skip
    minsk_case.refresh_from_db()
    assert minsk_case.region == "BY-MI"


def test_stale_form_shows_the_conflict(client_for, actor, minsk_case):
    do_update_case(actor=actor("admin"), case=minsk_case, expected_version=1,
                   person=person_input(), data=case_input(region="BY-MI"))  # fmt: skip
    response = client_for("officer_minsk").post(
        reverse("cases:edit", args=[minsk_case.pk]), dict(FORM, version=1)
    )
    assert response.status_code == 200
    assert "Someone else saved this case" in response.content.decode()


def test_reference_numbers_are_sequential(actor):
    first = do_register_case(actor=actor("officer_minsk"), person=person_input(), case=case_input())
    second = do_register_case(
        actor=actor("caseworker_gomel"), person=person_input(), case=case_input(region="BY-HO")
    )
    n1 = int(first.person.reference.rsplit("-", 1)[1])
    n2 = int(second.person.reference.rsplit("-", 1)[1])
    assert n2 == n1 + 1
