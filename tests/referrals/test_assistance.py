"""Services delivered, the reintegration plan with its follow-ups, and assisted voluntary return."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from palermo.core.errors import ConflictError
from palermo.core.models import AuditEvent
from palermo.referrals.models import AssistedReturn, ServiceDelivery
from palermo.referrals.queries import overdue_followups
from palermo.referrals.services import (
    AvrInput,
    DeliveryInput,
    FollowUpInput,
    GoalInput,
    do_accept_referral,
    do_add_avr_counselling,
    do_add_goal,
    do_open_assisted_return,
    do_record_follow_up,
    do_record_service_delivery,
    do_update_assisted_return,
    do_update_goal,
)

TODAY = timezone.localdate()


@pytest.fixture
def accepted(referral, actor):
    return do_accept_referral(actor=actor("caseworker_gomel"), referral=referral)


def test_the_referred_agency_records_only_the_referrals_services(accepted, actor, minsk_case):
    gomel = actor("caseworker_gomel")
    delivery = do_record_service_delivery(
        actor=gomel,
        case=minsk_case,
        data=DeliveryInput(
            service_type="psychological_help", delivered_on=TODAY, notes="Session 1"
        ),
    )
    assert delivery.referral == accepted and delivery.agency == gomel.agency
    with pytest.raises(ValidationError) as err:
        do_record_service_delivery(
            actor=gomel,
            case=minsk_case,
            data=DeliveryInput(service_type="shelter", delivered_on=TODAY),
        )
    assert err.value.message_dict["service_type"] == [
        "Your agency's accepted referral for this case does not ask for this service."
    ]
    # The owning agency records any service, linked to no referral.
    own = do_record_service_delivery(
        actor=actor("officer_minsk"),
        case=minsk_case,
        data=DeliveryInput(service_type="shelter", delivered_on=TODAY),
    )
    assert own.referral is None


def test_bad_deliveries_are_refused_and_write_nothing(accepted, actor, minsk_case):
    before = (ServiceDelivery.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as err:
        do_record_service_delivery(
            actor=actor("caseworker_gomel"),
            case=minsk_case,
            data=DeliveryInput(
                service_type="legal", delivered_on=TODAY + timedelta(days=2), notes="x" * 6000
            ),
        )
    assert set(err.value.message_dict) == {"delivered_on", "notes"}
    with pytest.raises(ValidationError, match="Only the agency that owns the case"):
        do_record_service_delivery(
            actor=actor("outsider"),
            case=minsk_case,
            data=DeliveryInput(service_type="legal", delivered_on=TODAY),
        )
    assert (ServiceDelivery.objects.count(), AuditEvent.objects.count()) == before


def test_delivery_notes_are_encrypted_and_shown_only_with_the_narrative(
    accepted, actor, minsk_case, client_for, api_for
):
    from django.db import connection

    do_record_service_delivery(
        actor=actor("caseworker_gomel"),
        case=minsk_case,
        data=DeliveryInput(service_type="legal", delivered_on=TODAY, notes="Court on Tuesday"),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM referrals_servicedelivery")
        assert "Court" not in cursor.fetchone()[0]
    page = client_for("officer_minsk").get(reverse("referrals:case", args=[minsk_case.pk]))
    assert "Court on Tuesday" in page.content.decode()
    rows = api_for("caseworker_gomel").get(f"/api/cases/{minsk_case.pk}/services-delivered/")
    assert rows.json()[0]["notes"] == "Court on Tuesday"  # the narrative was shared


def test_goals_and_their_status(accepted, actor, minsk_case, client_for):
    gomel = actor("caseworker_gomel")
    goal = do_add_goal(
        actor=gomel,
        case=minsk_case,
        data=GoalInput(
            support_type="livelihood",
            description="Find work as a cook.",
            target_on=TODAY + timedelta(days=60),
        ),
    )
    assert goal.status == "open" and goal.status_changed_on is None
    done = do_update_goal(
        actor=gomel,
        goal=goal,
        expected_version=1,
        data=GoalInput(
            support_type="livelihood", description="Find work as a cook.", status="achieved"
        ),
    )
    assert done.status == "achieved" and done.status_changed_on == TODAY
    with pytest.raises(ConflictError):
        do_update_goal(
            actor=actor("officer_minsk"),
            goal=goal,
            expected_version=1,
            data=GoalInput(support_type="livelihood", description="x", status="dropped"),
        )
    with pytest.raises(ValidationError) as err:
        do_add_goal(actor=gomel, case=minsk_case, data=GoalInput(support_type="magic"))
    assert set(err.value.message_dict) == {"support_type", "description"}
    page = client_for("officer_minsk").get(reverse("referrals:case", args=[minsk_case.pk]))
    html = page.content.decode()
    assert "Find work as a cook." in html and "Achieved" in html


def test_overdue_follow_ups_for_the_dashboard(accepted, actor, minsk_case, client_for):
    gomel = actor("caseworker_gomel")
    do_record_follow_up(
        actor=gomel,
        case=minsk_case,
        data=FollowUpInput(
            followed_up_on=TODAY - timedelta(days=40),
            note="Fine.",
            next_follow_up_on=TODAY - timedelta(days=10),
        ),
    )
    for name in ("caseworker_gomel", "officer_minsk", "admin"):
        assert [f.case for f in overdue_followups(actor(name))] == [minsk_case]
    assert list(overdue_followups(actor("outsider"))) == []
    page = client_for("caseworker_gomel").get(reverse("referrals:dashboard")).content.decode()
    assert "Overdue follow-ups" in page and minsk_case.reference in page
    # A follow-up since then clears it.
    do_record_follow_up(
        actor=gomel,
        case=minsk_case,
        data=FollowUpInput(followed_up_on=TODAY, next_follow_up_on=TODAY + timedelta(days=30)),
    )
    assert list(overdue_followups(actor("caseworker_gomel"))) == []
    with pytest.raises(ValidationError) as err:
        do_record_follow_up(
            actor=gomel,
            case=minsk_case,
            data=FollowUpInput(followed_up_on=TODAY, next_follow_up_on=TODAY),
        )
    assert err.value.message_dict == {
        "next_follow_up_on": ["The next follow-up must come after this one."]
    }


def test_assisted_voluntary_return_from_counselling_to_departure(accepted, actor, minsk_case):
    gomel = actor("caseworker_gomel")
    avr = do_open_assisted_return(
        actor=gomel, case=minsk_case, counselled_on=TODAY - timedelta(days=20)
    )
    do_add_avr_counselling(
        actor=gomel, assisted_return=avr, counselled_on=TODAY - timedelta(days=15)
    )
    with pytest.raises(ValidationError, match="already recorded"):
        do_add_avr_counselling(
            actor=gomel, assisted_return=avr, counselled_on=TODAY - timedelta(days=15)
        )
    with pytest.raises(ValidationError) as err:
        do_update_assisted_return(
            actor=gomel, assisted_return=avr, data=AvrInput(status="returned")
        )
    assert "cannot become" in err.value.message_dict["status"][0]
    with pytest.raises(ValidationError) as err:
        do_update_assisted_return(
            actor=gomel, assisted_return=avr, data=AvrInput(status="approved")
        )
    assert set(err.value.message_dict) == {"decided_on", "destination_country"}
    avr = do_update_assisted_return(
        actor=gomel,
        assisted_return=avr,
        expected_version=avr.version + 1,  # the counselling session counted as a change
        data=AvrInput(
            status="approved",
            decided_on=TODAY - timedelta(days=10),
            destination_country="ge",
            travel_documents=True,
        ),
    )
    assert avr.status == "approved" and str(avr.destination_country) == "GE"
    avr = do_update_assisted_return(
        actor=gomel,
        assisted_return=avr,
        data=AvrInput(
            status="returned",
            decided_on=TODAY - timedelta(days=10),
            destination_country="GE",
            departure_on=TODAY - timedelta(days=2),
            travel_documents=True,
            ticket=True,
            escort=False,
            reintegration_grant=True,
        ),
    )
    stored = AssistedReturn.objects.get(pk=avr.pk)
    assert stored.status == "returned"
    assert stored.assistance == ["travel_documents", "ticket", "reintegration_grant"]
    assert [s.counselled_on for s in stored.counselling_sessions.all()] == [
        TODAY - timedelta(days=20),
        TODAY - timedelta(days=15),
    ]
    event = AuditEvent.objects.filter(action="assisted_return.updated").last()
    assert event is not None and event.data["status"] == "returned"
    assert event.data["destination_country"] == "GE"
    with pytest.raises(ValidationError, match="already has an assisted return"):
        do_open_assisted_return(actor=gomel, case=minsk_case, counselled_on=TODAY)


def test_assisted_return_through_the_api(accepted, api_for, minsk_case):
    api = api_for("caseworker_gomel")
    url = f"/api/cases/{minsk_case.pk}/assisted-return/"
    assert api.get(url).status_code == 404
    opened = api.post(
        url, {"counselled_on": "2026-01-10", "destination_country": "VN"}, format="json"
    )
    assert opened.status_code == 201, opened.json()
    assert opened.json()["status"] == "counselling"
    bad = api.put(url, {"status": "approved", "decided_on": "2999-01-01"}, format="json")
    assert bad.status_code == 400
    assert "decided_on" in bad.json()
    ok = api.put(
        url,
        {"status": "approved", "decided_on": "2026-01-20", "destination_country": "VN",
         "ticket": True, "expected_version": opened.json()["version"]},
        format="json",
    )  # fmt: skip
    assert ok.status_code == 200, ok.json()
    assert ok.json()["ticket"] is True and ok.json()["destination_country"] == "VN"
    stale = api.put(url, {"status": "cancelled", "expected_version": 1}, format="json")
    assert stale.status_code == 409


def test_the_case_section_partial_renders_for_the_lead(accepted, actor, minsk_case, rf):
    from django.template import Context, Template

    html = Template('{% include "referrals/_case_section.html" %}').render(
        Context({"case": minsk_case, "actor": actor("officer_minsk"), "request": rf.get("/")})
    )
    assert accepted.reference in html and "Record a service delivered" in html
    assert "Referrals" in html and "Assisted voluntary return" in html
    assert "Refer to another agency" in html
    nothing = Template('{% include "referrals/_case_section.html" %}').render(Context({}))
    assert nothing.strip() == ""
