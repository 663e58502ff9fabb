"""The tip queue and the call statistics (numbers only)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from palermo.core.errors import ConflictError
from palermo.hotline.models import Tip
from palermo.hotline.services import (
    do_close_tip,
    do_forward_tip,
    do_log_call,
    do_submit_public_tip,
)
from tests.hotline.helpers import at, call_input


def test_public_tip_waits_in_the_queue_then_is_forwarded(actor, client_for):
    tip = do_submit_public_tip(region="", what_happened="An agency keeps passports of workers.")
    queue = client_for("hotline_operator").get(reverse("hotline:tips")).content.decode()
    assert tip.reference in queue
    with pytest.raises(ValidationError) as exc:
        do_forward_tip(actor=actor("hotline_operator"), tip=tip, expected_version=1)
    assert "region" in exc.value.message_dict
    forwarded = do_forward_tip(
        actor=actor("hotline_operator"), tip=tip, expected_version=1, region="BY-HO"
    )
    assert forwarded.forwarded_to.kind == "ct_unit" and forwarded.forwarded_to.region == "BY-HO"
    queue = client_for("hotline_operator").get(reverse("hotline:tips")).content.decode()
    assert tip.reference not in queue  # the queue shows new tips


def test_a_tip_is_handled_once(actor):
    tip = do_submit_public_tip(
        region="BY-HM", what_happened="Suspicious casting for models abroad."
    )
    do_close_tip(actor=actor("hotline_operator"), tip=tip, expected_version=1, reason="no_grounds")
    with pytest.raises(ConflictError):
        do_forward_tip(actor=actor("hotline_operator"), tip=tip, expected_version=1)
    tip.refresh_from_db()
    assert tip.status == "closed"


def test_bad_public_tip_writes_nothing(db):
    with pytest.raises(ValidationError) as exc:
        do_submit_public_tip(region="XX", what_happened="short")
    assert {"region", "what_happened"} <= set(exc.value.message_dict)
    assert Tip.objects.count() == 0


@pytest.fixture
def year_of_calls(actor):
    operator = actor("hotline_operator")
    plan = [
        # (month, topic, region, channel)
        (1, "safe_travel", "BY-HM", "phone"),
        (1, "safe_travel", "BY-HO", "phone"),
        (1, "agency_check", "BY-HM", "chat"),
        (3, "suspected_trafficking", "BY-BR", "phone"),
        (3, "safe_travel", "", "email"),
        (12, "victim_help", "BY-HM", "messenger"),
    ]
    for month, topic, region, channel in plan:
        do_log_call(
            actor=operator,
            data=call_input(
                topic=topic, region=region, channel=channel, received_at=at(2025, month)
            ),
        )
    do_log_call(actor=operator, data=call_input(received_at=at(2024, 6)))  # another year
    do_submit_public_tip(region="BY-HM", what_happened="A tip from the portal, in 2026.")


def test_call_statistics_figures(api_for, year_of_calls):
    body = api_for("analyst").get("/api/hotline/statistics/?year=2025").json()
    assert body["total"] == 6
    topics = {r["code"]: r["count"] for r in body["by_topic"]}
    assert topics == {"safe_travel": 3, "agency_check": 1, "suspected_trafficking": 1,
                      "victim_help": 1, "missing_person": 0, "other": 0}  # fmt: skip
    regions = {r["code"]: r["count"] for r in body["by_region"]}
    assert regions["BY-HM"] == 3 and regions["BY-HO"] == 1 and regions[""] == 1
    assert body["by_month"] == [3, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    channels = {r["code"]: r["count"] for r in body["by_channel"]}
    assert channels == {"phone": 3, "chat": 1, "email": 1, "messenger": 1}
    safe_travel = next(r for r in body["topic_by_month"] if r["code"] == "safe_travel")
    assert safe_travel["months"][:3] == [2, 0, 1]


def test_statistics_page_shows_numbers_and_no_identity(client_for, year_of_calls):
    html = client_for("analyst").get(reverse("hotline:statistics") + "?year=2025").content.decode()
    assert "6 calls and messages in the year." in html
    assert "Алеся" not in html and "555-12-34" not in html


def test_statistics_api_rejects_a_bad_year(api_for, db):
    assert api_for("analyst").get("/api/hotline/statistics/?year=abc").status_code == 400
