"""What a name may contain, enforced in the service: the form and the API refuse the same."""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse

from palermo.cases.models import Case
from palermo.cases.services import do_register_case
from tests.conftest import case_input, person_input

REFUSED = [
    ("family_name_latin", "Smirnova2"),
    ("family_name_latin", "Smir\u200bnova"),  # zero-width space
    ("family_name_latin", "史密斯"),
    ("family_name_latin", "Смирнова"),
    ("family_name", "Смирнова 😀"),
    ("family_name", "Смир\u202eнова"),  # right-to-left override
    ("family_name", "Смир\x07нова"),  # control character
    ("given_name", "Ольга!"),
    ("patronymic", "Петровна<script>"),
]
ACCEPTED = [
    ("family_name", "Шаўчэнка"),
    ("family_name", "Nguyễn"),
    ("family_name", "О'Коннор-Сміт"),
    ("family_name", "李"),
    ("family_name_latin", "O’Brien-Ní Dhuibhir"),
    ("given_name_latin", "Zoë"),
]


@pytest.mark.parametrize(("field", "value"), REFUSED)
def test_the_api_refuses_a_bad_name_naming_the_field(api_for, personas, field, value):
    person = {"family_name": "Смирнова", "gender": "female", "citizenship": "BY", field: value}
    response = api_for("officer_minsk").post(
        "/api/cases/",
        {
            "person": person,
            "identification_method": "hotline",
            "exploitation_forms": ["forced_labour"],
            "region": "BY-HM",
            "identified_on": "2026-01-15",
        },
        format="json",
    )
    assert response.status_code == 400
    assert field in str(response.json())
    assert not Case.objects.exists()


FORM = {
    "family_name": "Смирнова",
    "gender": "female",
    "citizenship_status": "citizen",
    "citizenship": "BY",
    "identification_method": "hotline",
    "exploitation_forms": ["forced_labour"],
    "region": "BY-HM",
    "identified_on": "2026-01-15",
}


def test_the_form_takes_a_good_name(client_for, personas):
    assert client_for("officer_minsk").post(reverse("cases:register"), FORM).status_code == 302
    assert Case.objects.count() == 1


@pytest.mark.parametrize(("field", "value"), REFUSED[:3])
def test_the_form_refuses_a_bad_name(client_for, personas, field, value):
    response = client_for("officer_minsk").post(reverse("cases:register"), {**FORM, field: value})
    assert response.status_code == 200
    assert (
        "digits" in response.content.decode()
        or "invisible" in response.content.decode()
        or "Latin letters" in response.content.decode()
    )
    assert not Case.objects.exists()


@pytest.mark.parametrize(("field", "value"), ACCEPTED)
def test_names_of_real_people_are_accepted(actor, field, value):
    case = do_register_case(
        actor=actor("officer_minsk"), person=person_input(**{field: value}), case=case_input()
    )
    assert getattr(case.person, field) == unicodedata.normalize("NFC", value)


def test_names_are_stored_nfc(actor):
    decomposed = unicodedata.normalize("NFD", "Zoë")
    case = do_register_case(
        actor=actor("officer_minsk"),
        person=person_input(given_name_latin=decomposed),
        case=case_input(),
    )
    assert case.person.given_name_latin == "Zoë"
