"""Recording prevention activities and the National Rapporteur's yearly summary."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from palermo.accounts.models import Agency
from palermo.core.audit import AuditEvent
from palermo.core.errors import ConflictError
from palermo.prevention.models import Activity
from palermo.prevention.services import do_record_activity, do_update_activity
from tests.prevention.helpers import activity_input


def test_recorded_activity_belongs_to_the_recorders_agency(actor):
    activity = do_record_activity(
        actor=actor("caseworker_gomel"), data=activity_input(region="BY-HO")
    )
    assert activity.organiser == actor("caseworker_gomel").agency
    assert activity.audience_codes == ["pupils", "teachers"]
    assert AuditEvent.objects.filter(action="prevention.activity_recorded").count() == 1


def test_bad_input_names_every_field_and_writes_nothing(actor):
    with pytest.raises(ValidationError) as exc:
        do_record_activity(
            actor=actor("officer_minsk"),
            data=activity_input(
                activity_type="concert", title=" ", region="XX-1", audiences=[],
                starts_on=timezone.localdate() + timedelta(days=3), reach=-5, items=0,
            ),
        )  # fmt: skip
    assert {"activity_type", "title", "region", "audiences", "starts_on", "reach", "items"} <= set(
        exc.value.message_dict
    )
    assert Activity.objects.count() == 0


def test_end_before_start_is_refused(actor):
    with pytest.raises(ValidationError) as exc:
        do_record_activity(
            actor=actor("officer_minsk"),
            data=activity_input(starts_on=date(2025, 5, 10), ends_on=date(2025, 5, 1)),
        )
    assert "ends_on" in exc.value.message_dict


def test_only_national_admin_records_for_another_agency(actor):
    other = Agency.objects.get(kind="ct_unit", region="BY-BR")
    with pytest.raises(ValidationError) as exc:
        do_record_activity(actor=actor("officer_minsk"), data=activity_input(organiser_id=other.pk))
    assert "organiser" in exc.value.message_dict
    activity = do_record_activity(actor=actor("admin"), data=activity_input(organiser_id=other.pk))
    assert activity.organiser == other


def test_stale_edit_is_refused(actor):
    officer = actor("officer_minsk")
    activity = do_record_activity(actor=officer, data=activity_input())
    do_update_activity(
        actor=officer, activity=activity, expected_version=1, data=activity_input(reach=150)
    )
    with pytest.raises(ConflictError):
        do_update_activity(
            actor=officer, activity=activity, expected_version=1, data=activity_input(reach=90)
        )
    activity.refresh_from_db()
    assert activity.reach == 150


def test_form_records_an_activity(client_for):
    response = client_for("hotline_operator").post(
        reverse("prevention:new"),
        {"activity_type": "transport_announcement", "title": "Announcements at Minsk-2 airport",
         "region": "BY-MI", "starts_on": "2025-06-01", "ends_on": "2025-08-31",
         "audiences": ["travellers"], "items": 1, "reach": 250000},
    )  # fmt: skip
    assert response.status_code == 302
    page = client_for("hotline_operator").get(response["Location"]).content.decode()
    assert "Announcements at Minsk-2 airport" in page and "Travellers" in page


def test_form_errors_are_shown(client_for):
    response = client_for("officer_minsk").post(
        reverse("prevention:new"),
        {
            "activity_type": "campaign",
            "title": "X",
            "starts_on": "2025-06-01",
            "items": 1,
            "reach": 5,
        },
    )
    assert response.status_code == 200
    assert "Choose at least one audience." in response.content.decode()
    assert Activity.objects.count() == 0


@pytest.fixture
def year_2023(actor):
    officer, ngo, admin = actor("officer_minsk"), actor("caseworker_gomel"), actor("admin")
    # Seed 002: "a broad information campaign ... (2023 – 363 publications)"
    do_record_activity(actor=admin, data=activity_input(
        activity_type="publication", title="Publications on sexual exploitation of minors",
        region="", starts_on=date(2023, 1, 1), ends_on=date(2023, 12, 31),
        audiences=["general_public", "parents"], items=363, reach=0))  # fmt: skip
    do_record_activity(actor=officer, data=activity_input(starts_on=date(2023, 3, 1), reach=120))
    do_record_activity(actor=officer, data=activity_input(
        activity_type="parent_meeting", starts_on=date(2023, 4, 1), audiences=["parents"], reach=60))  # fmt: skip
    do_record_activity(actor=ngo, data=activity_input(
        region="BY-HO", starts_on=date(2023, 9, 1), reach=80))  # fmt: skip
    do_record_activity(
        actor=ngo, data=activity_input(region="BY-HO", starts_on=date(2024, 2, 1), reach=999)
    )


def test_summary_figures(api_for, year_2023):
    body = api_for("analyst").get("/api/prevention/summary/?year=2023").json()
    assert body["total"] == {
        "code": "",
        "label": "All",
        "activities": 4,
        "items": 366,
        "reach": 260,
    }
    regions = {r["code"]: r for r in body["by_region"]}
    assert (regions[""]["activities"], regions[""]["items"]) == (1, 363)
    assert (regions["BY-HM"]["activities"], regions["BY-HM"]["reach"]) == (2, 180)
    assert (regions["BY-HO"]["activities"], regions["BY-HO"]["reach"]) == (1, 80)
    assert regions["BY-BR"]["activities"] == 0
    types = {r["code"]: r for r in body["by_type"]}
    assert types["publication"]["items"] == 363
    assert types["school_talk"]["activities"] == 2
    audiences = {r["code"]: r["activities"] for r in body["by_audience"]}
    assert audiences["parents"] == 2 and audiences["pupils"] == 2 and audiences["teachers"] == 2


def test_summary_page_shows_the_totals(client_for, year_2023):
    html = client_for("analyst").get(reverse("prevention:summary") + "?year=2023").content.decode()
    assert "4 activities recorded (366 items), reaching 260 people." in html
