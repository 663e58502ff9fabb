"""The tourist form asks for each person's sex / gender instead of preselecting one."""

from __future__ import annotations

from django.urls import reverse

from palermo.registries.models import TouristReport


def test_the_tourist_form_preselects_no_sex(rclient):
    page = rclient("registry_officer").get(reverse("registries:tourist_report_register"))
    text = page.content.decode()
    assert 'value="female" selected' not in text
    assert 'value="unknown" selected' not in text


def test_a_person_without_a_chosen_sex_is_refused_and_nothing_is_written(rclient):
    data = {
        "report_number": "R-10", "reported_on": "2026-03-04", "agency_name": "Сонца Тур",
        "agency_taxpayer_number": "690000009", "region": "BY-HM", "destination_country": "EG",
        "departed_on": "2026-02-20", "returned_on": "2026-02-27",
        "tourists-TOTAL_FORMS": "1", "tourists-INITIAL_FORMS": "0",
        "tourists-MIN_NUM_FORMS": "0", "tourists-MAX_NUM_FORMS": "50",
        "tourists-0-family_name": "Лукашэвіч", "tourists-0-given_name": "Ян",
        "tourists-0-gender": "", "tourists-0-citizenship": "BY",
    }  # fmt: skip
    response = rclient("registry_officer").post(reverse("registries:tourist_report_register"), data)
    assert "Choose the sex / gender, or Unknown." in response.content.decode()
    assert not TouristReport.objects.exists()
