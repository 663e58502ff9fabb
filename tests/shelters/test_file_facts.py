"""Admission facts come from the case file (sex, age, citizenship): a different value needs a
reason, is recorded with the decision and is checked by the same §34 rules (seed 004 §34)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from palermo.cases.services import do_register_case
from palermo.core.audit import AuditEvent
from palermo.shelters.models import Admission
from palermo.shelters.rules import Facts
from palermo.shelters.services import do_admit
from tests.conftest import case_input, person_input
from tests.shelters.conftest import admission_input, age_on

CHILD_BORN = date(2011, 5, 20)


@pytest.fixture
def child_case(actor, centre):
    """A girl born in 2011 (15 in 2026), Belarusian, whose case the centre's agency registered."""
    return do_register_case(
        actor=actor("shelter_manager"),
        person=person_input(date_of_birth=CHILD_BORN, family_name="Лукашэвіч"),
        case=case_input(),
    )


def test_a_15_year_old_admitted_as_age_34_to_an_adult_womens_place_is_refused(
    actor, centre, child_case
):
    with pytest.raises(ValidationError) as refused:
        do_admit(
            actor=actor("shelter_manager"),
            facility=centre,
            case=child_case,
            data=admission_input(age=34, override_reason=""),
        )
    message = refused.value.message_dict["age"][0]
    assert f"The case file says {age_on(timezone.localdate(), CHILD_BORN)}" in message
    assert not Admission.objects.exists()


def test_with_the_files_age_the_minor_rules_refuse_without_a_parents_permission(
    actor, centre, child_case
):
    admission = do_admit(
        actor=actor("shelter_manager"),
        facility=centre,
        case=child_case,
        data=admission_input(
            age=age_on(timezone.localdate(), CHILD_BORN), place_kind="minors", override_reason=""
        ),
    )
    assert admission.status == "refused"
    assert "minor_without_permission" in admission.refused_by


def test_a_different_value_with_a_reason_is_recorded_and_audited(actor, centre, referred_case):
    admission = do_admit(
        actor=actor("shelter_manager"),
        facility=centre,
        case=referred_case,
        data=admission_input(
            citizenship="stateless",
            override_reason="Passport annulled by the issuing state; statelessness certificate.",
        ),
    )
    facts = Facts.from_json(admission.facts)
    assert facts.file_values == {"citizenship": "national"}
    assert "statelessness certificate" in facts.override_reason
    event = AuditEvent.objects.filter(object_id=str(admission.pk)).latest("seq")
    assert event.data["differs_from_file"] == ["citizenship"]


def test_the_form_is_filled_from_the_file_and_shows_the_difference(client_for, centre, child_case):
    client = client_for("shelter_manager")
    url = reverse("shelters:admit", args=[centre.pk])
    form = client.get(url, {"case": child_case.pk}).content.decode()
    assert f'name="age" value="{age_on(timezone.localdate(), CHILD_BORN)}"' in form
    html = client.post(
        url,
        {
            "case": child_case.pk, "action": "admit", "place_kind": "women", "sex": "female",
            "age": 34, "residence_region": "BY-HM", "citizenship": "national", "disease": "none",
            "priority": "normal",
        },
    ).content.decode()  # fmt: skip
    assert "The case file says" in html
    assert not Admission.objects.exists()


def test_the_api_asks_for_a_reason_naming_the_field(api_for, centre, child_case):
    response = api_for("shelter_manager").post(
        f"/api/shelters/facilities/{centre.pk}/admissions/",
        {
            "case_id": child_case.pk, "place_kind": "women", "sex": "female", "age": 34,
            "residence_region": "BY-HM", "citizenship": "national",
        },
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "age" in response.json()
    assert not Admission.objects.exists()
