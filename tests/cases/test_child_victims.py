"""Child victims (seed 004 §13-15, §34): the case of a minor is flagged to the child-protection
authority with the guardian's involvement recorded; until it is, the case warns its officers."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from palermo.cases.models import ChildProtectionNotice
from palermo.cases.services import do_register_case
from palermo.core.models import AuditEvent
from tests.conftest import PERSONA_NAMES, case_input, case_page, person_input

HTMX = {"HTTP_HX_REQUEST": "true"}
WARNING = "no notification of the child-protection authority is recorded"
VIEWERS = {"officer_minsk", "admin"}
EDITORS = {"officer_minsk", "admin"}

GOOD = {
    "authority_name": "Guardianship and custody authority, Frunzienski district of Minsk",
    "notified_on": "2026-03-03",
    "notified_how": "letter",
    "guardian_role": "parent",
    "guardian_name": "Ганна Шаўчэнка",
    "guardian_informed_on": "2026-03-03",
    "guardian_informed_how": "in_person",
}


@pytest.fixture
def child_case(actor):
    """A 15-year-old girl identified by the Minsk-city CT unit."""
    return do_register_case(
        actor=actor("officer_minsk"),
        person=person_input(date_of_birth=date(2010, 9, 1)),
        case=case_input(),
    )


def test_a_minors_case_without_a_notification_warns_its_officers(client_for, child_case):
    """Seed 004 §13: "Belarus has established a system of rendering assistance to children, who
    have become victims of violence. Such system includes childhood protection agencies ..."
    A minor's case not yet flagged to that authority says so plainly at the top of the page."""
    assert child_case.is_minor
    html = case_page(client_for("officer_minsk"), child_case.pk)
    text = html.content.decode()
    assert "the child-protection authority has not been notified" in text
    assert WARNING in text
    assert "Childhood protection agency (guardianship and custody authority)" in text
    assert "UN Country Team report, paras. 13-15" in text


def test_an_adults_case_has_no_child_section(client_for, minsk_case):
    text = case_page(client_for("officer_minsk"), minsk_case.pk)
    assert "child-protection authority" not in text.content.decode()


def test_recording_the_notification_and_the_guardian_clears_the_warning(client_for, child_case):
    """Seed 004 §15: "Minors and their legal representatives may approach them"; §34: minors
    only "with the parental permission or those acting in loco parentis". Who the guardian is,
    when and how they were informed is recorded with the notification."""
    client = client_for("officer_minsk")
    response = client.post(
        reverse("cases:child_protection_record", args=[child_case.pk]), GOOD, **HTMX
    )
    assert response.status_code == 200
    partial = response.content.decode()
    assert "The notification of the child-protection authority was recorded." in partial
    assert WARNING not in partial and "Ганна Шаўчэнка" in partial
    notice = ChildProtectionNotice.objects.get(case=child_case)
    assert notice.guardian_role == "parent" and notice.guardian_informed_how == "in_person"
    assert notice.legal_basis == "UN Country Team report, paras. 13-15"
    assert notice.recording_agency == child_case.owning_agency
    page = client.get(reverse("cases:detail", args=[child_case.pk])).content.decode()
    assert WARNING not in page and "has not been notified" not in page
    event = AuditEvent.objects.get(action="case.child_protection_notified")
    assert event.data["guardian_role"] == "parent"
    assert "Ганна" not in str(event.data)  # the guardian's name stays out of the log


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"notified_on": None}, "notified_on", "Enter the date the authority was notified."),
        ({"notified_on": "2099-01-01"}, "notified_on", "The date cannot be in the future."),
        ({"notified_on": "2026-02-01"}, "notified_on", "before the person was identified"),
        ({"notified_how": "pigeon"}, "notified_how", "Choose how the authority was notified."),
        ({"guardian_name": ""}, "guardian_name", "Enter the name of the parent or guardian."),
        (
            {"guardian_informed_on": None, "guardian_informed_how": ""},
            "guardian_not_informed_reason",
            "or why they were not",
        ),
        ({"guardian_role": "none_known"}, "guardian_role", "leave their name"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(api_for, child_case, change, field, message):
    response = api_for("officer_minsk").post(
        f"/api/cases/{child_case.pk}/child-protection/", {**GOOD, **change}, format="json"
    )
    assert response.status_code == 400
    assert message in str(response.json().get(field, response.json()))
    assert not ChildProtectionNotice.objects.exists()


def test_a_guardian_suspected_of_the_trafficking_need_not_be_informed(api_for, child_case):
    data = {**GOOD, "guardian_informed_on": None, "guardian_informed_how": ""}
    data["guardian_not_informed_reason"] = "The mother is suspected of selling the child."
    response = api_for("officer_minsk").post(
        f"/api/cases/{child_case.pk}/child-protection/", data, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["warning"] is None and body["child"] is True
    assert body["notices"][0]["guardian_not_informed_reason"].startswith("The mother")


def test_the_api_gives_the_warning_and_the_notices(api_for, child_case, minsk_case):
    officer = api_for("officer_minsk")
    before = officer.get(f"/api/cases/{child_case.pk}/child-protection/").json()
    assert before["child"] is True and WARNING in before["warning"]
    assert before["authority"] == "Childhood protection agency (guardianship and custody authority)"
    created = officer.post(f"/api/cases/{child_case.pk}/child-protection/", GOOD, format="json")
    assert created.status_code == 201
    after = created.json()
    assert after["warning"] is None
    assert after["notices"][0]["guardian_name"] == "Ганна Шаўчэнка"
    adult = officer.get(f"/api/cases/{minsk_case.pk}/child-protection/").json()
    assert adult == {**adult, "child": False, "warning": None, "notices": []}
    refused = officer.post(f"/api/cases/{minsk_case.pk}/child-protection/", GOOD, format="json")
    assert refused.status_code == 400 and "not a minor" in str(refused.json())


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_who_sees_the_child_protection_state(persona, api_for, child_case):
    response = api_for(persona).get(f"/api/cases/{child_case.pk}/child-protection/")
    assert response.status_code == (200 if persona in VIEWERS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_who_may_record_a_notification(persona, api_for, client_for, child_case):
    api = api_for(persona).post(
        f"/api/cases/{child_case.pk}/child-protection/", GOOD, format="json"
    )
    page = client_for(persona).post(
        reverse("cases:child_protection_record", args=[child_case.pk]), GOOD
    )
    if persona in EDITORS:
        assert api.status_code == 201 and page.status_code == 302
        assert ChildProtectionNotice.objects.filter(case=child_case).count() == 2
    else:
        assert (api.status_code, page.status_code) == (404, 404)
        assert not ChildProtectionNotice.objects.exists()


# --- the child-specific screening questions (pack data) -------------------------------------

CHILD_QUESTIONS = [
    "ch_illegal_adoption",
    "ch_with_unrelated_adult",
    "ch_pornography",
    "ch_prostitution_begging",
    "ch_no_contact_with_family",
    "ch_out_of_school",
]


def test_the_pack_holds_questions_for_children_only():
    """Seed 004 §13: "Systematic work has been carried out for improving registration system of
    cases of physical, psychological and other violence towards children"; seed 000 § 3.3 names
    the crimes against children (CC 171, 173, 177-1, 343-1) that the questions follow."""
    from palermo.jurisdictions.pack import get_pack

    scheme = get_pack().screening
    group = scheme.group("child_specific")
    assert [i.code for i in group.indicators] == CHILD_QUESTIONS
    assert group.source.key == "cc"
    for indicator in group.indicators:
        assert indicator.applies_to("child") and not indicator.applies_to("adult")
    # A child taken across by an unrelated adult and drawn into begging: a presumed victim
    # (children need no means, Palermo Protocol Art. 3(c)).
    outcome = scheme.evaluate("child", ["ch_with_unrelated_adult", "ch_prostitution_begging"])
    assert outcome.presumed_victim
    weak = scheme.evaluate("child", ["ch_out_of_school"])
    assert not weak.presumed_victim


def test_the_screening_page_asks_the_childrens_questions(client_for):
    html = client_for("caseworker_gomel").get(reverse("cases:screening_new")).content.decode()
    assert "Questions for children" in html
    assert "Made to take part in pornographic photos, videos or shows" in html
    assert 'value="ch_illegal_adoption"' in html


def test_the_api_screens_a_child_with_the_childrens_questions(api_for):
    client = api_for("caseworker_gomel")
    scheme = client.get("/api/screening-scheme/").json()
    group = next(g for g in scheme["groups"] if g["code"] == "child_specific")
    assert group["indicators"][0]["strengths"] == {"child": "strong"}
    body = {
        "age_group": "child",
        "screened_on": "2026-03-01",
        "indicators": ["ch_illegal_adoption", "ch_pornography"],
    }
    created = client.post("/api/screenings/", body, format="json")
    assert created.status_code == 201 and created.json()["presumed_victim"] is True
    adult = client.post("/api/screenings/", {**body, "age_group": "adult"}, format="json")
    assert adult.status_code == 400 and "ch_illegal_adoption" in str(adult.json()["indicators"])
