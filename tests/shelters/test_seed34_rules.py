"""Each admission rule of seed 004 §34, tested in the seed's own words.

§34 of the UN Country Team's report lists what a State rehabilitation centre for victims must
foresee; the Belarus pack turns each point into a rule with the point as its legal basis. Every
decision also rests on Law No. 350-Z, Art. 21 (centres for protection and assistance).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from palermo.core.audit import AuditEvent
from palermo.shelters.models import Admission
from palermo.shelters.services import do_admit
from tests.shelters.conftest import admission_input

PERMISSION = {"guardian_name": "Шаўчэнка Ірына", "guardian_permission_on": date(2026, 3, 1)}

# (the seed's words, the facts that differ from an adult Belarusian woman living in Minsk with
#  no disease, the kind of place, the expected status, the rule, its legal basis)
SEED_34: list[tuple[str, dict[str, object], str, str, str, str]] = [
    (
        "accommodating non-residents from the whole republic",
        {"residence_region": "BY-BR"},
        "women",
        "resident",
        "non_residents",
        "unct_p34_non_residents",
    ),
    (
        "accommodating women with children",
        {"with_children": True},
        "women_with_children",
        "resident",
        "women_with_children",
        "unct_p34_women_children",
    ),
    (
        "as well as pregnant women",
        {"pregnant": True},
        "pregnant_women",
        "resident",
        "pregnant_women",
        "unct_p34_women_children",
    ),
    (
        "accommodating male victims of trafficking",
        {"sex": "male"},
        "men",
        "resident",
        "male_victims",
        "unct_p34_male",
    ),
    (
        "accommodating foreign citizens or stateless persons, for whom Belarus is either a "
        "country of destination or transit (foreign citizen)",
        {"citizenship": "foreign", "residence_region": "abroad"},
        "women",
        "resident",
        "foreign_or_stateless",
        "unct_p34_foreign",
    ),
    (
        "accommodating foreign citizens or stateless persons (stateless person)",
        {"citizenship": "stateless"},
        "women",
        "resident",
        "foreign_or_stateless",
        "unct_p34_foreign",
    ),
    (
        "accommodating without discrimination victims with diseases and infections",
        {"disease": "ordinary"},
        "women",
        "resident",
        "diseases_and_infections",
        "unct_p34_communicable",
    ),
    (
        "(except for communicable diseases, defined by the Republic of Belarus legislation)",
        {"disease": "communicable"},
        "women",
        "refused",
        "communicable_disease",
        "unct_p34_communicable",
    ),
    (
        "rendering direct assistance, regardless of the nature of disease (except for socially "
        "dangerous diseases, defined by the legislation)",
        {"disease": "socially_dangerous"},
        "women",
        "refused",
        "socially_dangerous_disease",
        "unct_p34_socially_dangerous",
    ),
    (
        "accommodating minors with the parental permission",
        {"age": 15, "guardian_relation": "parent", **PERMISSION},
        "minors",
        "resident",
        "minor_with_permission",
        "unct_p34_minors",
    ),
    (
        "or those acting in loco parentis",
        {"age": 16, "guardian_relation": "loco_parentis", **PERMISSION},
        "minors",
        "resident",
        "minor_with_permission",
        "unct_p34_minors",
    ),
    (
        "accommodating minors [only] with the parental permission or those acting in loco "
        "parentis (no permission recorded)",
        {"age": 15},
        "minors",
        "refused",
        "minor_without_permission",
        "unct_p34_minors",
    ),
]


@pytest.mark.parametrize(
    ("words", "facts", "place", "status", "rule", "basis"),
    SEED_34,
    ids=[s[4] + ":" + s[3] for s in SEED_34],
)
def test_seed_34_rule(words, facts, place, status, rule, basis, actor, centre, referred_case):
    admission = do_admit(
        actor=actor("shelter_manager"),
        facility=centre,
        case=referred_case,
        data=admission_input(place_kind=place, **facts),
    )
    assert admission.status == status, words
    assert rule in admission.rules
    assert basis in admission.legal_bases
    # Every decision also rests on the law on the centres.
    assert admission.legal_bases[-1] == "law_350z_art21"
    assert "Law No. 350-Z, Art. 21" in admission.citations
    if status == "refused":
        assert admission.refused_by == [rule]
        assert admission.admitted_on is None
    event = AuditEvent.objects.filter(
        object_type="shelters.admission", object_id=str(admission.pk)
    ).get()
    assert event.data["legal_bases"] == admission.legal_bases


def test_a_refusal_shows_the_rule_its_citation_and_refer_elsewhere(
    actor, client_for, centre, referred_case
):
    admission = do_admit(
        actor=actor("shelter_manager"),
        facility=centre,
        case=referred_case,
        data=admission_input(disease="communicable"),
    )
    # The case owner sees why, with the citation, and a link to refer the person elsewhere.
    page = client_for("officer_minsk").get(reverse("shelters:admission", args=[admission.pk]))
    html = page.content.decode()
    assert "Admission refused" in html
    assert "communicable disease as defined by the legislation cannot be accommodated" in html
    assert "UN Country Team report, para. 34, point 5" in html
    assert reverse("referrals:send", args=[referred_case.pk]) in html
    assert "Refer elsewhere" in html
    # The centre, which cannot refer someone else's case, is sent back to the referring agency.
    html = (
        client_for("shelter_manager")
        .get(reverse("shelters:admission", args=[admission.pk]))
        .content.decode()
    )
    assert "Tell the referring agency" in html
    assert reverse("referrals:send", args=[referred_case.pk]) not in html


def test_a_minor_is_admitted_on_the_guardian_permission_not_by_default(
    actor, centre, referred_case
):
    # A parent is named but no date of the permission: the form refuses the input.
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        do_admit(
            actor=actor("shelter_manager"),
            facility=centre,
            case=referred_case,
            data=admission_input(
                place_kind="minors", age=15, guardian_relation="parent", guardian_name="Іна"
            ),
        )
    assert "guardian_permission_on" in error.value.message_dict
    assert not Admission.objects.exists()


def test_a_group_the_facility_does_not_admit_is_refused_with_the_facility_profile(
    actor, centre, referred_case
):
    from palermo.shelters.services import do_update_facility
    from tests.shelters.conftest import ALL_GROUPS, facility_input

    manager = actor("shelter_manager")
    centre = do_update_facility(
        actor=manager,
        facility=centre,
        expected_version=1,
        data=facility_input(admitted_groups=[g for g in ALL_GROUPS if g != "men"]),
    )
    admission = do_admit(
        actor=manager,
        facility=centre,
        case=referred_case,
        data=admission_input(sex="male", place_kind="men"),
    )
    assert admission.status == "refused"
    assert admission.excluded_groups == ["men"]
    assert admission.refused_by == []
    assert admission.legal_bases == ["law_350z_art21"]
