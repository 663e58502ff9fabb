"""Identification screening: a first responder marks indicators, sees whether the person is a
presumed victim and why, saves it for a case or registers the person from it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from palermo.cases.models import Case, Screening
from palermo.cases.services import ScreeningInput, do_link_screening, do_record_screening
from palermo.core.audit import AuditEvent
from tests.conftest import PERSONA_NAMES, case_input, case_page, person_input

PRESUMED = ["dr_nature_of_job", "ec_excessive_hours", "cd_confiscation_of_documents"]
FIRST_RESPONDERS = {"officer_minsk", "caseworker_gomel", "shelter_manager", "investigator",
                    "hotline_operator", "outsider"}  # fmt: skip


def screening_input(**overrides: object) -> ScreeningInput:
    values: dict[str, object] = {
        "age_group": "adult",
        "screened_on": date(2026, 3, 1),
        "indicators": PRESUMED,
        "family_name": "Іванова",
        "given_name": "Алена",
        "gender": "female",
        "citizenship": "BY",
        "country_of_exploitation": "RU",
        "exploitation_forms": ["forced_labour"],
        "notes": "Met at the bus station; no passport.",
    }
    values.update(overrides)
    return ScreeningInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def screening(actor) -> Screening:
    """A screening by the Minsk-city officer, before any case exists."""
    return do_record_screening(actor=actor("officer_minsk"), data=screening_input())


# --- the service -----------------------------------------------------------------------------


def test_a_screening_stores_the_result_the_indicators_behind_it_and_the_rule(screening):
    assert screening.presumed_victim is True
    assert screening.decisive_indicators == PRESUMED
    assert screening.legal_basis_citation == "Belarus pack, screening rule 1 (adults)"
    assert screening.pack == "belarus"
    assert screening.case is None
    event = AuditEvent.objects.filter(action="screening.recorded").get()
    assert event.data["presumed_victim"] is True
    assert event.data["identity_fields"] == ["family_name", "given_name", "notes"]
    assert "Іванова" not in str(event.data) and "bus station" not in str(event.data)


def test_indicators_are_stored_in_the_pack_order_whatever_order_they_came_in(actor):
    s = do_record_screening(
        actor=actor("officer_minsk"),
        data=screening_input(indicators=[*reversed(PRESUMED), PRESUMED[0]]),
    )
    assert s.indicators == PRESUMED


def test_names_and_notes_are_encrypted_at_rest(screening):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT family_name, notes FROM cases_screening WHERE id = %s", [screening.pk]
        )
        family_name, notes = cursor.fetchone()
    assert "Іванова" not in family_name and "bus station" not in notes


def test_bad_input_names_every_field_and_saves_nothing(actor):
    bad = screening_input(
        age_group="elderly",
        screened_on=date(2099, 1, 1),
        citizenship="XX",
        exploitation_forms=["sightseeing"],
        family_name="x" * 201,
    )
    with pytest.raises(ValidationError) as error:
        do_record_screening(actor=actor("officer_minsk"), data=bad)
    assert set(error.value.message_dict) == {
        "age_group", "screened_on", "citizenship", "exploitation_forms", "family_name",
    }  # fmt: skip
    assert Screening.objects.count() == 0


def test_indicators_of_another_age_group_or_pack_are_refused(actor):
    with pytest.raises(ValidationError) as error:
        do_record_screening(
            actor=actor("officer_minsk"),
            data=screening_input(indicators=["rv_lack_of_parental_care", "locked_in"]),
        )
    message = error.value.message_dict["indicators"][0]
    assert "rv_lack_of_parental_care" in message and "locked_in" in message


def test_the_date_of_birth_must_agree_with_the_age_group(actor):
    with pytest.raises(ValidationError) as error:
        do_record_screening(
            actor=actor("officer_minsk"),
            data=screening_input(date_of_birth=date(2012, 5, 1), age_group="adult"),
        )
    assert "screen as a child" in error.value.message_dict["age_group"][0]


def test_a_screening_for_a_case_takes_the_person_from_the_case(actor, minsk_case):
    officer = actor("officer_minsk")
    with pytest.raises(ValidationError) as error:
        do_record_screening(actor=officer, data=screening_input(), case=minsk_case)
    assert "family_name" in error.value.message_dict
    s = do_record_screening(
        actor=officer,
        case=minsk_case,
        data=ScreeningInput(
            age_group="adult", screened_on=date(2026, 3, 2), indicators=PRESUMED[:2]
        ),
    )
    assert s.case == minsk_case and s.presumed_victim is False


def test_only_first_responders_screen_and_only_editors_screen_for_a_case(actor, minsk_case):
    with pytest.raises(ValidationError):
        do_record_screening(actor=actor("analyst"), data=screening_input())
    with pytest.raises(ValidationError):
        do_record_screening(
            actor=actor("caseworker_gomel"),
            case=minsk_case,
            data=ScreeningInput(age_group="adult", screened_on=date(2026, 3, 2)),
        )
    assert Screening.objects.count() == 0


def test_a_screening_links_to_one_case_only(actor, screening):
    officer = actor("officer_minsk")
    first = do_register_case_from(officer)
    do_link_screening(actor=officer, screening=screening, case=first)
    second = do_register_case_from(officer)
    with pytest.raises(ValidationError) as error:
        do_link_screening(actor=officer, screening=screening, case=second)
    assert first.reference in error.value.message_dict["screening"][0]
    screening.refresh_from_db()
    assert screening.case == first


def do_register_case_from(actor_) -> Case:
    from palermo.cases.services import do_register_case

    return do_register_case(actor=actor_, person=person_input(), case=case_input())


# --- the pages -------------------------------------------------------------------------------


def test_the_form_lists_the_indicators_with_their_strength(client_for):
    page = client_for("officer_minsk").get(reverse("cases:screening_new")).content.decode()
    assert "ILO indicators of forced labour" in page
    assert "Coercion at destination" in page
    assert "Deceived about the nature of the job, the location or the employer" in page
    assert "adults: medium, children: strong" in page  # hazardous work
    assert "children only: medium" in page
    assert 'hx-post="/cases/screenings/preview/"' in page


def test_the_result_updates_live_without_saving(client_for):
    client = client_for("hotline_operator")
    url = reverse("cases:screening_preview")
    answer = client.post(
        url, {"age_group": "adult", "indicators": PRESUMED[:2]}, HTTP_HX_REQUEST="true"
    )
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "Presumed victim of trafficking:\n    no" in html
    assert "Means: coercion or abuse of vulnerability: <strong>not shown</strong>" in html
    html = client.post(url, {"age_group": "child", "indicators": PRESUMED[:2]}).content.decode()
    assert "yes" in html
    assert "Excessive working days or hours (strong)" in html
    assert "Belarus pack, screening rule 2 (children)" in html
    assert Screening.objects.count() == 0


def test_save_then_register_the_presumed_victim_prefilled(client_for):
    client = client_for("hotline_operator")
    answer = client.post(
        reverse("cases:screening_new"),
        {
            "age_group": "adult",
            "screened_on": "2026-03-01",
            "indicators": PRESUMED,
            "family_name": "Іванова",
            "given_name": "Алена",
            "gender": "female",
            "citizenship": "BY",
            "exploitation_forms": ["forced_labour"],
            "notes": "Met at the bus station.",
        },
    )
    screening = Screening.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("cases:screening", args=[screening.pk])
    detail = client.get(answer["Location"]).content.decode()
    assert "Register as presumed victim" in detail
    assert "Confiscation of documents (strong)" in detail

    form = client.get(reverse("cases:register") + f"?screening={screening.pk}").content.decode()
    assert 'value="Іванова"' in form
    assert f'name="screening" value="{screening.pk}"' in form
    assert "Met at the bus station." in form

    registered = client.post(
        reverse("cases:register"),
        {
            "screening": screening.pk,
            "family_name": "Іванова",
            "given_name": "Алена",
            "gender": "female",
            "citizenship_status": "citizen",
            "citizenship": "BY",
            "exploitation_forms": ["forced_labour"],
            "identification_method": "hotline",
            "region": "BY-HM",
            "identified_on": "2026-03-01",
        },
    )
    case = Case.objects.get()
    assert registered.status_code == 302
    screening.refresh_from_db()
    assert screening.case == case
    page = case_page(client, case.pk).content.decode()
    assert "Belarus pack, screening rule 1 (adults)" in page
    # Once linked, the screening cannot start another registration.
    again = client.get(reverse("cases:register") + f"?screening={screening.pk}")
    assert again.status_code == 404


def test_a_failed_link_undoes_the_registration(client_for, screening, monkeypatch):
    """Someone linked the screening between the page's check and the save: both or neither."""

    def linked_meanwhile(**kwargs: object) -> None:
        raise ValidationError({"screening": ["This screening is already linked to case X."]})

    monkeypatch.setattr("palermo.cases.views.cases.do_link_screening", linked_meanwhile)
    answer = client_for("officer_minsk").post(
        reverse("cases:register"),
        {"screening": screening.pk, "family_name": "X", "gender": "female",
         "citizenship_status": "citizen", "citizenship": "BY", "exploitation_forms": ["forced_labour"],
         "identification_method": "hotline", "region": "BY-HM", "identified_on": "2026-03-01"},
    )  # fmt: skip
    assert answer.status_code == 200
    assert "already linked to case X" in answer.content.decode()
    assert Case.objects.count() == 0


def test_screening_for_a_case_from_the_case_page(client_for, minsk_case):
    client = client_for("officer_minsk")
    page = case_page(client, minsk_case.pk).content.decode()
    assert f"/cases/screenings/new/?case={minsk_case.pk}" in page
    form = client.get(reverse("cases:screening_new") + f"?case={minsk_case.pk}").content.decode()
    assert 'name="family_name"' not in form
    answer = client.post(
        reverse("cases:screening_new"),
        {"case": minsk_case.pk, "age_group": "adult", "screened_on": "2026-03-02",
         "indicators": PRESUMED},
    )  # fmt: skip
    assert answer.status_code == 302
    assert Screening.objects.get().case == minsk_case


def test_form_errors_are_shown_and_nothing_is_saved(client_for):
    answer = client_for("officer_minsk").post(
        reverse("cases:screening_new"),
        {"screened_on": "2099-01-01", "indicators": ["nonsense"]},
    )
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "The date of the screening cannot be in the future." in html
    assert "This field is required." in html  # age group
    assert Screening.objects.count() == 0


def test_reading_a_screening_with_names_is_audited(client_for, screening):
    client_for("officer_minsk").get(reverse("cases:screening", args=[screening.pk]))
    event = AuditEvent.objects.filter(action="screening.identity_viewed").get()
    assert event.purpose == "screening"


# --- permission tables -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_screening_form_page(persona, client_for):
    response = client_for(persona).get(reverse("cases:screening_new"))
    assert response.status_code == (200 if persona in FIRST_RESPONDERS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_screening_for_the_minsk_case(persona, client_for, minsk_case):
    url = reverse("cases:screening_new") + f"?case={minsk_case.pk}"
    assert client_for(persona).get(url).status_code == (200 if persona == "officer_minsk" else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_screening_page(persona, client_for, screening):
    response = client_for(persona).get(reverse("cases:screening", args=[screening.pk]))
    assert response.status_code == (200 if persona in {"officer_minsk", "admin"} else 404)
    if persona == "admin":
        # National administrators read screenings but do not register presumed victims.
        assert "Register as presumed victim" not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_register_from_the_screening(persona, client_for, screening):
    url = reverse("cases:register") + f"?screening={screening.pk}"
    assert client_for(persona).get(url).status_code == (200 if persona == "officer_minsk" else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_screening_list(persona, client_for, screening):
    response = client_for(persona).get(reverse("cases:screenings"))
    if persona in {"registry_officer", "analyst", "migration_officer", "fund_officer"}:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    listed = reverse("cases:screening", args=[screening.pk]) in response.content.decode()
    assert listed == (persona in {"officer_minsk", "admin"})


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_screening_api_read(persona, api_for, screening):
    response = api_for(persona).get(f"/api/screenings/{screening.pk}/")
    assert response.status_code == (200 if persona in {"officer_minsk", "admin"} else 404)
    if response.status_code == 200:
        assert response.json()["family_name"] == "Іванова"


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_screening_api_create(persona, api_for):
    body = {"age_group": "child", "screened_on": "2026-03-01", "indicators": PRESUMED[:2]}
    response = api_for(persona).post("/api/screenings/", body, format="json")
    assert response.status_code == (201 if persona in FIRST_RESPONDERS else 403)
    if response.status_code == 201:
        assert response.json()["presumed_victim"] is True


# --- the API ---------------------------------------------------------------------------------


def test_api_scheme_lists_groups_criteria_and_rules(api_for):
    data = api_for("investigator").get("/api/screening-scheme/").json()
    assert data["pack"] == "belarus"
    assert data["groups"][0]["indicators"][0] == {
        "code": "fl_abuse_of_vulnerability",
        "name": "Abuse of vulnerability",
        "strengths": {"adult": "medium", "child": "medium"},
    }
    assert data["rules"]["child"]["criterion"] == "presumed_victim_child"
    assert api_for("analyst").get("/api/screening-scheme/").status_code == 403


def test_api_bad_input_is_400_and_saves_nothing(api_for):
    body = {"age_group": "adult", "screened_on": "2026-03-01", "indicators": ["nonsense"]}
    response = api_for("officer_minsk").post("/api/screenings/", body, format="json")
    assert response.status_code == 400
    assert "nonsense" in response.json()["indicators"][0]
    assert Screening.objects.count() == 0


def test_api_screen_for_a_case_then_link_another(api_for, actor, minsk_case, screening):
    client = api_for("officer_minsk")
    body = {"case_id": minsk_case.pk, "age_group": "adult", "screened_on": "2026-03-02",
            "indicators": PRESUMED}  # fmt: skip
    created = client.post("/api/screenings/", body, format="json")
    assert created.status_code == 201 and created.json()["case_reference"] == minsk_case.reference
    other = api_for("caseworker_gomel").post("/api/screenings/", body, format="json")
    assert other.status_code == 404  # not their case
    new_case = do_register_case_from(actor("officer_minsk"))
    linked = client.post(f"/api/screenings/{screening.pk}/link/", {"case_id": new_case.pk})
    assert linked.status_code == 200 and linked.json()["case_id"] == new_case.pk
    again = client.post(f"/api/screenings/{screening.pk}/link/", {"case_id": minsk_case.pk})
    assert again.status_code == 404
    listed = client.get("/api/screenings/", {"case": minsk_case.pk}).json()
    assert [s["id"] for s in listed["results"]] == [created.json()["id"]]
    assert listed["results"][0]["notes"] is None  # lists never carry identity details
