"""Who may link a case's person to criminal proceedings (docs/justice.md, "Linking a victim"):
the investigating body, for the cases it holds or sees and for every case referred to it while
that referral is open — accepted or not, with or without the person's consent to sharing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from palermo.justice.models import Participant
from palermo.justice.services import ParticipantInput, do_link_participant
from palermo.referrals.demo import ensure_service_directory
from palermo.referrals.services import ReferralInput, do_decline_referral, do_send_referral
from tests.conftest import PERSONA_NAMES
from tests.justice.conftest import OPENED, open_proceedings


@pytest.fixture
def sent_to_investigators(personas, actor, minsk_case):
    """The CT unit refers its case to the Investigative Committee; nobody has answered yet and
    the person gave no consent to sharing."""
    ensure_service_directory()
    return do_send_referral(
        actor=actor("officer_minsk"),
        case=minsk_case,
        data=ReferralInput(
            to_agency_id=personas["investigator"].agency.pk,
            services=["protection"],
            reason="additional_services_required",
            share=["exploitation"],
        ),
    )


@pytest.fixture
def proceedings(actor):
    return open_proceedings(actor("investigator"), "12600077")


def test_an_investigator_links_the_victim_of_a_case_referred_to_the_investigating_body(
    sent_to_investigators, proceedings, client_for, minsk_case
):
    page = client_for("investigator").post(
        reverse("justice:participant_new", args=[proceedings.pk]),
        {
            "role": "victim",
            "linked_on": OPENED.isoformat(),
            "case_reference": minsk_case.reference,
            "citizenship_status": "citizen",
        },
    )
    assert page.status_code == 302
    participant = Participant.objects.get(proceedings=proceedings)
    assert participant.case == minsk_case
    # Linking shows no more of the case: without consent its names stay hidden.
    detail = client_for("investigator").get(reverse("justice:detail", args=[proceedings.pk]))
    assert "Шаўчэнка" not in detail.content.decode()
    assert minsk_case.person.reference in detail.content.decode()


def test_a_case_not_referred_to_the_investigating_body_cannot_be_linked(
    proceedings, actor, minsk_case
):
    with pytest.raises(ValidationError) as refused:
        do_link_participant(
            actor=actor("investigator"),
            proceedings=proceedings,
            data=ParticipantInput(role="victim", linked_on=OPENED, case=minsk_case),
        )
    assert "case" in refused.value.message_dict
    assert not Participant.objects.exists()


def test_a_declined_referral_does_not_allow_the_link(
    sent_to_investigators, proceedings, actor, minsk_case
):
    do_decline_referral(
        actor=actor("investigator"), referral=sent_to_investigators, reason="Not ours."
    )
    with pytest.raises(ValidationError):
        do_link_participant(
            actor=actor("investigator"),
            proceedings=proceedings,
            data=ParticipantInput(role="victim", linked_on=OPENED, case=minsk_case),
        )


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_only_the_investigating_body_links_participants(
    sent_to_investigators, proceedings, client_for, minsk_case, name
):
    page = client_for(name).post(
        reverse("justice:participant_new", args=[proceedings.pk]),
        {
            "role": "victim",
            "linked_on": OPENED.isoformat(),
            "case_reference": minsk_case.reference,
            "citizenship_status": "citizen",
        },
    )
    assert page.status_code == (302 if name == "investigator" else 404)
    assert Participant.objects.exists() == (name == "investigator")


def test_the_participant_form_has_no_preselected_sex(proceedings, client_for):
    page = client_for("investigator").get(reverse("justice:participant_new", args=[proceedings.pk]))
    text = page.content.decode()
    assert 'option value="unknown" selected' not in text
    assert 'option value="female" selected' not in text
    refused = client_for("investigator").post(
        reverse("justice:participant_new", args=[proceedings.pk]),
        {"role": "witness", "linked_on": OPENED.isoformat(), "family_name": "Іваноў",
         "citizenship_status": "citizen", "citizenship": "BY"},
    )  # fmt: skip
    assert refused.status_code == 200
    assert "Choose the sex / gender, or Unknown." in refused.content.decode()
    assert not Participant.objects.exists()
