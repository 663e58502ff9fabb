"""Defects users met: a goal dated in the past, the region a sent referral shows, and a referral's
answer-due date moved by a transfer of working days recorded in the product."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from palermo.jurisdictions.calendar import current_calendar
from palermo.referrals.models import Referral
from palermo.referrals.services import GoalInput, do_accept_referral, do_add_goal, do_send_referral
from palermo.workdays.services import TransferInput, do_record_transfer
from tests.referrals.conftest import referral_input


def test_a_goal_with_a_target_date_years_in_the_past_is_refused(referral, actor, minsk_case):
    do_accept_referral(actor=actor("caseworker_gomel"), referral=referral)
    with pytest.raises(ValidationError) as refused:
        do_add_goal(
            actor=actor("caseworker_gomel"),
            case=minsk_case,
            data=GoalInput(
                support_type="livelihood", description="Find work.", target_on=date(2019, 5, 1)
            ),
        )
    assert "in the past" in refused.value.message_dict["target_on"][0]
    assert not minsk_case.reintegration_goals.exists()


def test_a_goal_in_the_past_is_refused_on_the_page_too(referral, actor, client_for, minsk_case):
    do_accept_referral(actor=actor("caseworker_gomel"), referral=referral)
    page = client_for("caseworker_gomel").post(
        reverse("referrals:goal_new", args=[minsk_case.pk]),
        {
            "support_type": "livelihood",
            "description": "Find work.",
            "target_on": "2019-05-01",
            "status": "open",
        },
        follow=True,
    )
    assert "in the past" in page.content.decode()
    assert not minsk_case.reintegration_goals.exists()


def test_a_sent_referral_shows_the_receiving_agencys_region(referral, client_for, gomel_agency):
    assert referral.region == gomel_agency.region == "BY-HO"
    page = client_for("officer_minsk").get(reverse("referrals:detail", args=[referral.pk]))
    text = page.content.decode()
    assert "<dt>Region</dt><dd>Gomel Oblast</dd>" in text
    assert "<dt>Region</dt><dd>Minsk City</dd>" not in text


def test_the_region_chosen_by_the_sender_is_kept(actor, minsk_case, directory, gomel_agency):
    referral = do_send_referral(
        actor=actor("officer_minsk"),
        case=minsk_case,
        data=referral_input(gomel_agency.pk, region="BY-HO"),
    )
    assert referral.region == "BY-HO"


def test_an_unknown_region_is_refused_naming_the_field(
    api_for, minsk_case, directory, gomel_agency
):
    body = {
        "case_id": minsk_case.pk,
        "to_agency_id": gomel_agency.pk,
        "services": ["legal"],
        "region": "BY-XX",
    }
    response = api_for("officer_minsk").post("/api/referrals/", body, format="json")
    assert response.status_code == 400
    assert "region" in response.json()
    assert not Referral.objects.exists()


def test_a_recorded_transfer_moves_the_answer_due_date_and_the_referral_shows_it(
    referral, actor, client_for
):
    # Sent on Wednesday 25 November 2026: its answer is due after Friday 27 November.
    before = current_calendar().add_working_days(date(2026, 11, 25), referral.response_working_days)
    Referral.objects.filter(pk=referral.pk).update(sent_on=date(2026, 11, 25), due_on=before)
    do_record_transfer(
        actor=actor("admin"),
        data=TransferInput(
            date_off=date(2026, 11, 27),
            date_worked=date(2026, 12, 5),
            resolution_number="512",
            resolution_date=date(2026, 7, 22),
        ),
    )
    referral.refresh_from_db()
    assert referral.due_on == current_calendar().add_working_days(before, 1)
    page = client_for("caseworker_gomel").get(reverse("referrals:detail", args=[referral.pk]))
    assert "Resolution No. 512" in page.content.decode()
