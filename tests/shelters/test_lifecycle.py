"""Facilities and admissions as staff live them: places run out, the waiting list, discharge,
transfer, bad input refused with a clear message and nothing changed, every step audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from palermo.core.audit import AuditEvent, verify_chain
from palermo.core.errors import ConflictError
from palermo.shelters.models import Admission
from palermo.shelters.services import (
    DischargeInput,
    do_add_to_waiting_list,
    do_admit,
    do_create_facility,
    do_discharge,
    do_place_from_waiting_list,
    do_transfer,
    do_update_facility,
)
from tests.shelters.conftest import ADDRESS, admission_input, age_on, facility_input

TODAY = timezone.localdate()


def actions() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith="shelters.").values_list("action", flat=True)
    )


def test_the_address_is_encrypted_and_never_audited(centre):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM shelters_facility WHERE id = %s", [centre.pk])
        stored = cursor.fetchone()[0]
    assert ADDRESS not in stored
    event = AuditEvent.objects.get(action="shelters.facility_created")
    assert ADDRESS not in str(event.data) and event.data["places"]["women"] == 2


def test_a_facility_needs_a_name_region_address_guard_and_places(actor, centre_agency):
    with pytest.raises(ValidationError) as error:
        do_create_facility(
            actor=actor("shelter_manager"),
            data=facility_input(name="", region="BY-XX", address="", guard="", places={"women": 0}),
        )
    assert set(error.value.message_dict) >= {"name", "region", "address", "guard", "places"}


def test_an_agency_the_pack_does_not_let_operate_cannot_register_a_facility(actor):
    with pytest.raises(ValidationError):
        do_create_facility(actor=actor("officer_minsk"), data=facility_input())


def test_the_last_place_goes_and_the_next_person_is_told_to_use_the_waiting_list(
    actor, centre, referred_case, another_case
):
    manager = actor("shelter_manager")
    do_admit(actor=manager, facility=centre, case=referred_case, data=admission_input())
    second = another_case()
    do_admit(actor=manager, facility=centre, case=second, data=admission_input())
    third = another_case()
    with pytest.raises(ConflictError) as error:
        do_admit(actor=manager, facility=centre, case=third, data=admission_input())
    assert "No free place of kind “Women” left in Minsk centre" in str(error.value)
    assert "waiting list" in str(error.value)
    assert not Admission.objects.filter(case=third).exists()
    waiting = do_add_to_waiting_list(
        actor=manager, facility=centre, case=third, data=admission_input(priority="urgent")
    )
    assert waiting.status == "waiting" and waiting.admitted_on is None
    # Still full: no place from the list either.
    with pytest.raises(ConflictError):
        do_place_from_waiting_list(actor=manager, admission=waiting, expected_version=1)
    first = Admission.objects.get(case=referred_case)
    do_discharge(
        actor=manager,
        admission=first,
        expected_version=1,
        data=DischargeInput(discharged_on=TODAY, reason="plan_completed", destination="family"),
    )
    placed = do_place_from_waiting_list(actor=manager, admission=waiting, expected_version=1)
    assert placed.status == "resident" and placed.admitted_on == TODAY
    assert actions()[-5:] == [
        "shelters.admitted",
        "shelters.admitted",
        "shelters.waiting_listed",
        "shelters.discharged",
        "shelters.placed_from_waiting_list",
    ]
    assert verify_chain().ok


def test_the_waiting_list_puts_urgent_first_then_the_longest_waiting(
    actor, centre, another_case, client_for
):
    manager = actor("shelter_manager")
    normal = do_add_to_waiting_list(
        actor=manager, facility=centre, case=another_case(), data=admission_input()
    )
    urgent = do_add_to_waiting_list(
        actor=manager, facility=centre, case=another_case(), data=admission_input(priority="urgent")
    )
    html = client_for("shelter_manager").get(reverse("shelters:facility", args=[centre.pk]))
    table = html.content.decode().split('id="waiting-list"')[1]
    first = reverse("shelters:admission", args=[urgent.pk])
    second = reverse("shelters:admission", args=[normal.pk])
    assert table.index(f'"{first}"') < table.index(f'"{second}"')


def test_one_place_at_a_time(actor, centre, annex, referred_case):
    manager = actor("shelter_manager")
    do_admit(actor=manager, facility=centre, case=referred_case, data=admission_input())
    with pytest.raises(ValidationError, match="already has a place in Minsk centre"):
        do_admit(
            actor=manager,
            facility=annex,
            case=referred_case,
            data=admission_input(residence_region="BY-MI"),
        )


def test_the_place_must_fit_the_person(actor, centre, referred_case):
    with pytest.raises(ValidationError) as error:
        do_admit(
            actor=actor("shelter_manager"),
            facility=centre,
            case=referred_case,
            data=admission_input(place_kind="men"),
        )
    assert "does not fit this person" in error.value.message_dict["place_kind"][0]
    assert not Admission.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"age": None}, "age"),
        ({"age": 130}, "age"),
        ({"sex": "x"}, "sex"),
        ({"sex": "male", "pregnant": True, "place_kind": "men"}, "pregnant"),
        ({"residence_region": "Mars"}, "residence_region"),
        ({"citizenship": ""}, "citizenship"),
        ({"disease": "flu"}, "disease"),
        ({"place_kind": "suites"}, "place_kind"),
        ({"admitted_on": TODAY + timedelta(days=1)}, "admitted_on"),
        ({"age": 15, "place_kind": "minors", "guardian_relation": "parent"}, "guardian_name"),
    ],
)
def test_bad_input_is_refused_naming_the_field(change, field, actor, centre, referred_case):
    with pytest.raises(ValidationError) as error:
        do_admit(
            actor=actor("shelter_manager"),
            facility=centre,
            case=referred_case,
            data=admission_input(**change),
        )
    assert field in error.value.message_dict
    assert not Admission.objects.exists()


def test_a_case_the_centre_was_not_referred_cannot_be_admitted(actor, centre):
    from palermo.cases.services import do_register_case
    from tests.conftest import case_input, person_input

    case = do_register_case(actor=actor("officer_minsk"), person=person_input(), case=case_input())
    with pytest.raises(ValidationError) as error:
        do_admit(actor=actor("shelter_manager"), facility=centre, case=case, data=admission_input())
    assert "case" in error.value.message_dict


def test_discharge_validates_dates_and_a_second_discharge_is_refused(actor, centre, referred_case):
    manager = actor("shelter_manager")
    admission = do_admit(
        actor=manager,
        facility=centre,
        case=referred_case,
        data=admission_input(admitted_on=TODAY - timedelta(days=3)),
    )
    with pytest.raises(ValidationError) as error:
        do_discharge(
            actor=manager,
            admission=admission,
            expected_version=1,
            data=DischargeInput(
                discharged_on=TODAY - timedelta(days=4), reason="x", destination=""
            ),
        )
    assert set(error.value.message_dict) == {"discharged_on", "reason", "destination"}
    done = do_discharge(
        actor=manager,
        admission=admission,
        expected_version=1,
        data=DischargeInput(discharged_on=TODAY, reason="own_request", destination="own_home"),
    )
    with pytest.raises(ConflictError):
        do_discharge(
            actor=manager,
            admission=admission,
            expected_version=1,
            data=DischargeInput(discharged_on=TODAY, reason="own_request", destination="own_home"),
        )
    with pytest.raises(ValidationError, match="now “Discharged”"):
        do_discharge(
            actor=manager,
            admission=admission,
            expected_version=done.version,
            data=DischargeInput(discharged_on=TODAY, reason="own_request", destination="own_home"),
        )


def test_transfer_discharges_here_and_admits_there_in_one_step(actor, centre, annex, referred_case):
    manager = actor("shelter_manager")
    first = do_admit(actor=manager, facility=centre, case=referred_case, data=admission_input())
    new = do_transfer(
        actor=manager, admission=first, expected_version=1, to_facility=annex, place_kind="women"
    )
    first.refresh_from_db()
    assert first.status == "transferred" and first.transferred_to == new
    assert first.discharge_reason == "transferred" and first.destination == "other_facility"
    assert new.status == "resident" and new.facility == annex and new.alias != first.alias
    # Decided again for the annex, in another region: the person is now a non-resident there.
    assert "non_residents" in new.rules and "unct_p34_non_residents" in new.legal_bases
    assert actions()[-1] == "shelters.transferred"
    assert AuditEvent.objects.filter(action="shelters.transferred").count() == 1


def test_a_transfer_to_a_full_facility_changes_nothing(
    actor, centre, annex, referred_case, another_case
):
    manager = actor("shelter_manager")
    for _ in range(3):
        do_admit(
            actor=manager,
            facility=annex,
            case=another_case(),
            data=admission_input(residence_region="BY-MI"),
        )
    first = do_admit(actor=manager, facility=centre, case=referred_case, data=admission_input())
    with pytest.raises(ConflictError):
        do_transfer(
            actor=manager,
            admission=first,
            expected_version=1,
            to_facility=annex,
            place_kind="women",
        )
    first.refresh_from_db()
    assert first.status == "resident" and first.transferred_to is None
    assert Admission.objects.filter(case=referred_case).count() == 1


def test_a_transfer_the_rules_refuse_says_why(actor, centre, annex, referred_case):
    manager = actor("shelter_manager")
    annex = do_update_facility(
        actor=manager,
        facility=annex,
        expected_version=1,
        data=facility_input(
            name=annex.name, region="BY-MI", places={"women": 3}, admitted_groups=["women"]
        ),
    )
    first = do_admit(actor=manager, facility=centre, case=referred_case, data=admission_input())
    with pytest.raises(ValidationError) as error:
        do_transfer(
            actor=manager,
            admission=first,
            expected_version=1,
            to_facility=annex,
            place_kind="women",
        )
    assert (
        "does not admit: Non-residents of the region" in error.value.message_dict["to_facility"][0]
    )


def test_places_cannot_be_cut_below_the_residents(actor, centre, referred_case):
    manager = actor("shelter_manager")
    do_admit(actor=manager, facility=centre, case=referred_case, data=admission_input())
    places = dict(facility_input().places, women=0)
    with pytest.raises(ValidationError) as error:
        do_update_facility(
            actor=manager, facility=centre, expected_version=1, data=facility_input(places=places)
        )
    assert (
        "1 residents occupy places of this kind (Women)"
        in error.value.message_dict["places_women"][0]
    )


def test_a_stale_facility_edit_is_refused(actor, centre):
    manager = actor("shelter_manager")
    do_update_facility(
        actor=manager, facility=centre, expected_version=1, data=facility_input(name="A")
    )
    with pytest.raises(ConflictError):
        do_update_facility(
            actor=manager, facility=centre, expected_version=1, data=facility_input(name="B")
        )


def test_a_closed_facility_admits_no_one(actor, centre, referred_case):
    manager = actor("shelter_manager")
    centre = do_update_facility(
        actor=manager, facility=centre, expected_version=1, data=facility_input(is_active=False)
    )
    with pytest.raises(ValidationError, match="closed"):
        do_admit(actor=manager, facility=centre, case=referred_case, data=admission_input())


def test_the_admission_form_takes_what_the_case_says(client_for, centre, referred_case):
    html = (
        client_for("shelter_manager")
        .get(reverse("shelters:admit", args=[centre.pk]), {"case": referred_case.pk})
        .content.decode()
    )
    # person_input: a woman born 12.04.1999, Belarusian; case_input: Minsk City.
    age = TODAY.year - 1999 - ((TODAY.month, TODAY.day) < (4, 12))
    assert f'name="age" value="{age}"' in html
    assert '<option value="female" selected>' in html
    assert '<option value="national" selected>' in html
    assert '<option value="BY-HM" selected>' in html
    assert "Women (2 free of 2)" in html


def test_a_full_facility_offers_the_waiting_list_in_the_form(
    actor, client_for, centre, referred_case, another_case
):
    manager = actor("shelter_manager")
    do_admit(
        actor=manager,
        facility=centre,
        case=another_case(),
        data=admission_input(place_kind="individual"),
    )
    form = {
        "case": referred_case.pk,
        "action": "admit",
        "place_kind": "individual",
        "sex": "female",
        "age": age_on(timezone.localdate()),
        "residence_region": "BY-HM",
        "citizenship": "national",
        "disease": "none",
        "priority": "urgent",
    }
    client = client_for("shelter_manager")
    url = reverse("shelters:admit", args=[centre.pk])
    html = client.post(url, form).content.decode()
    assert "No free place of kind “Individual room (any adult)” left in Minsk centre" in html
    assert 'value="wait"' in html
    response = client.post(url, dict(form, action="wait"))
    waiting = Admission.objects.get(case=referred_case)
    assert (
        response.status_code == 302 and waiting.status == "waiting" and waiting.priority == "urgent"
    )


def test_the_case_section_lists_the_stays(actor, client_for, centre, referred_case):
    from django.template import Context, Template

    admission = do_admit(
        actor=actor("shelter_manager"), facility=centre, case=referred_case, data=admission_input()
    )
    template = Template("{% load shelters %}{% shelter_section case %}")
    html = template.render(Context({"actor": actor("officer_minsk"), "case": referred_case}))
    assert "Minsk centre" in html and "Resident" in html
    assert ADDRESS not in html
    assert reverse("shelters:admission", args=[admission.pk]) in html
    html = template.render(Context({"actor": actor("outsider"), "case": referred_case}))
    assert "No shelter stay recorded" in html


def test_admitted_on_defaults_to_today_and_may_be_earlier(actor, centre, referred_case):
    admission = do_admit(
        actor=actor("shelter_manager"),
        facility=centre,
        case=referred_case,
        data=admission_input(admitted_on=date(2026, 1, 5)),
    )
    assert admission.admitted_on == date(2026, 1, 5)
