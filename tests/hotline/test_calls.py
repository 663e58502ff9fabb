"""Calls: anonymous by default, consent-bound, agency checks attached, tips and handover to a case."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from palermo.accounts.models import Agency
from palermo.cases.models import Case
from palermo.core.audit import AuditEvent
from palermo.core.errors import ConflictError
from palermo.hotline.models import AgencyCheck, Call, Tip
from palermo.hotline.services import (
    HandoverInput,
    do_check_agency,
    do_create_tip_from_call,
    do_hand_over_call,
    do_log_call,
    do_update_call,
)
from palermo.people.services import PersonInput
from tests.hotline.helpers import call_input


def anonymous_input(**overrides):
    values = {"caller_name": "", "caller_contact": "", "consent_contact": False, "summary": ""}
    values.update(overrides)
    return call_input(**values)


def test_a_call_is_anonymous_by_default(actor):
    call = do_log_call(actor=actor("hotline_operator"), data=anonymous_input(consent_share=False))
    assert call.is_anonymous
    assert call.agency == actor("hotline_operator").agency
    assert call.reference.startswith("HL-")


def test_name_without_consent_is_refused_and_nothing_is_written(actor):
    with pytest.raises(ValidationError) as exc:
        do_log_call(
            actor=actor("hotline_operator"),
            data=anonymous_input(caller_name="Алеся", consent_contact=False),
        )
    assert "caller_name" in exc.value.message_dict
    assert Call.objects.count() == 0


def test_bad_choices_name_every_field(actor):
    with pytest.raises(ValidationError) as exc:
        do_log_call(
            actor=actor("hotline_operator"),
            data=anonymous_input(channel="fax", topic="", language="xx", region="BY-XX"),
        )
    assert {"channel", "topic", "language", "region"} <= set(exc.value.message_dict)


def test_outcome_referred_cannot_be_picked_by_hand(actor):
    with pytest.raises(ValidationError) as exc:
        do_log_call(actor=actor("hotline_operator"), data=anonymous_input(outcome="referred"))
    assert "outcome" in exc.value.message_dict


def test_identity_is_encrypted_and_kept_out_of_the_audit_log(actor):
    call = do_log_call(actor=actor("hotline_operator"), data=call_input())
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT caller_name, summary FROM hotline_call WHERE id = %s", [call.pk])
        raw_name, raw_summary = cursor.fetchone()
    assert "Алеся" not in raw_name and "Moscow" not in raw_summary
    for event in AuditEvent.objects.all():
        assert "Алеся" not in str(event.data) and "555-12-34" not in str(event.data)


def test_non_operator_cannot_log_calls(actor):
    with pytest.raises(ValidationError):
        do_log_call(actor=actor("officer_minsk"), data=call_input())


def test_log_call_form_shows_errors_and_saves_nothing(client_for):
    response = client_for("hotline_operator").post(
        reverse("hotline:call_new"),
        {"channel": "phone", "topic": "other", "language": "ru", "outcome": "open",
         "caller_name": "Someone"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "only if the caller agrees" in response.content.decode()
    assert Call.objects.count() == 0


def test_log_call_form_then_detail(client_for):
    response = client_for("hotline_operator").post(
        reverse("hotline:call_new"),
        {"channel": "chat", "topic": "safe_travel", "language": "be", "outcome": "advice_given",
         "region": "BY-VI"},
    )  # fmt: skip
    call = Call.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("hotline:call", args=[call.pk])
    page = client_for("hotline_operator").get(response["Location"]).content.decode()
    assert "Safe travel and work abroad" in page and "Vitebsk" in page


def test_stale_edit_is_refused(actor):
    operator = actor("hotline_operator")
    call = do_log_call(actor=operator, data=call_input())
    do_update_call(
        actor=operator, call=call, expected_version=1, data=call_input(outcome="advice_given")
    )
    with pytest.raises(ConflictError):
        do_update_call(
            actor=operator, call=call, expected_version=1, data=call_input(outcome="no_action")
        )
    call.refresh_from_db()
    assert call.outcome == "advice_given" and call.version == 2


# --- Agency check during the call -------------------------------------------------------------


def test_agency_check_is_attached_to_the_call(actor, fake_registries):
    call = do_log_call(actor=actor("hotline_operator"), data=anonymous_input(topic="agency_check"))
    check = do_check_agency(actor=actor("hotline_operator"), call=call, query="190000001")
    assert check.results[0]["name"] == "Work Abroad Plus LLC"
    assert check.results[0]["status"] == "licensed"
    assert check.results[0]["licensed_until"] == "2029-01-14"
    assert fake_registries.calls == [("190000001", False)]


def test_agency_check_with_htmx_returns_the_results_panel(client_for, actor, fake_registries):
    call = do_log_call(actor=actor("hotline_operator"), data=anonymous_input())
    response = client_for("hotline_operator").post(
        reverse("hotline:call_check", args=[call.pk]), {"query": "Golden"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="agency-checks"' in html and "<html" not in html
    assert "Golden Horizons Ltd" in html
    assert "On the list of organisations involved in trafficking" in html


def test_empty_agency_check_is_refused(actor, fake_registries):
    call = do_log_call(actor=actor("hotline_operator"), data=anonymous_input())
    with pytest.raises(ValidationError) as exc:
        do_check_agency(actor=actor("hotline_operator"), call=call, query=" ")
    assert "query" in exc.value.message_dict
    assert AgencyCheck.objects.count() == 0


def test_agency_check_without_registries_app_says_so(actor, monkeypatch):
    from palermo.hotline import registry_check

    def absent():
        raise registry_check.RegistryUnavailable("The registry is not available.")

    monkeypatch.setattr(registry_check, "_registries", absent)
    call = do_log_call(actor=actor("hotline_operator"), data=anonymous_input())
    with pytest.raises(ValidationError) as exc:
        do_check_agency(actor=actor("hotline_operator"), call=call, query="Golden")
    assert "not available" in str(exc.value)


# --- A call becomes a tip ---------------------------------------------------------------------


def test_call_becomes_a_tip_for_the_regions_ct_unit(actor):
    operator = actor("hotline_operator")
    call = do_log_call(actor=operator, data=call_input(region="BY-HO"))
    tip = do_create_tip_from_call(
        actor=operator, call=call, expected_version=1,
        what_happened="Caller's neighbour lured to a brick factory.", include_contact=True,
    )  # fmt: skip
    assert tip.forwarded_to == Agency.objects.get(kind="ct_unit", region="BY-HO")
    assert tip.status == "forwarded" and tip.source == "call"
    assert tip.contact == "+375 29 555-12-34"
    call.refresh_from_db()
    assert call.outcome == "tip_forwarded"


def test_tip_carries_no_contact_without_consent(actor):
    operator = actor("hotline_operator")
    call = do_log_call(actor=operator, data=call_input(consent_share=False))
    with pytest.raises(ValidationError) as exc:
        do_create_tip_from_call(
            actor=operator,
            call=call,
            expected_version=1,
            what_happened="x" * 20,
            include_contact=True,
        )
    assert "include_contact" in exc.value.message_dict
    assert Tip.objects.count() == 0
    tip = do_create_tip_from_call(
        actor=operator, call=call, expected_version=1, what_happened="x" * 20, include_contact=False
    )
    assert tip.contact == ""


def test_tip_needs_a_region(actor):
    operator = actor("hotline_operator")
    call = do_log_call(actor=operator, data=call_input(region=""))
    with pytest.raises(ValidationError) as exc:
        do_create_tip_from_call(
            actor=operator,
            call=call,
            expected_version=1,
            what_happened="x" * 20,
            include_contact=False,
        )
    assert "region" in exc.value.message_dict


# --- A call becomes a case and a referral -----------------------------------------------------


def handover_input(**person):
    values = {
        "family_name": "Церашкова",
        "given_name": "Алеся",
        "gender": "female",
        "citizenship": "BY",
    }
    values.update(person)
    return HandoverInput(
        person=PersonInput(**values),
        exploitation_forms=["sexual_exploitation"],
        country_of_exploitation="RU",
        narrative="Told by phone; agreed to be registered.",
    )


def test_handover_registers_a_case_and_refers_it(actor, fake_referrals):
    operator = actor("hotline_operator")
    call = do_log_call(actor=operator, data=call_input(region="BY-HM"))
    updated = do_hand_over_call(
        actor=operator, call=call, expected_version=1, data=handover_input()
    )
    case = Case.objects.get()
    assert updated.case == case
    assert case.identification_method == "hotline"
    assert case.region == "BY-HM"
    assert case.owning_agency == operator.agency
    unit = Agency.objects.get(kind="ct_unit", region="BY-HM")
    assert updated.referral_target == unit
    assert updated.referral_reference == "REF-1"
    sent = fake_referrals.created[0]
    assert sent["case"] == case and sent["data"].to_agency_id == unit.pk
    assert sent["data"].services == ["legal"]  # a service the unit offers, preferred first
    assert sent["data"].urgency == "urgent"
    assert updated.outcome == "referred"


def test_handover_without_referrals_app_keeps_the_intended_target(actor, no_referrals_app):
    operator = actor("hotline_operator")
    call = do_log_call(actor=operator, data=call_input(region="BY-BR"))
    updated = do_hand_over_call(
        actor=operator, call=call, expected_version=1, data=handover_input()
    )
    assert updated.referral_target == Agency.objects.get(kind="ct_unit", region="BY-BR")
    assert updated.referral_reference == ""
    event = AuditEvent.objects.filter(action="hotline.call_handed_over").get()
    assert event.data["referral_pending"] is True
    assert updated.referral_pending_reason == "The referrals module is not installed."


def test_handover_needs_consent_and_writes_nothing_without_it(actor, no_referrals_app):
    operator = actor("hotline_operator")
    call = do_log_call(actor=operator, data=call_input(consent_register=False))
    with pytest.raises(ValidationError) as exc:
        do_hand_over_call(actor=operator, call=call, expected_version=1, data=handover_input())
    assert "consent_register" in exc.value.message_dict
    assert Case.objects.count() == 0


def test_handover_with_bad_person_data_writes_nothing(actor, no_referrals_app):
    operator = actor("hotline_operator")
    call = do_log_call(actor=operator, data=call_input())
    with pytest.raises(ValidationError):
        do_hand_over_call(
            actor=operator, call=call, expected_version=1,
            data=handover_input(family_name="", given_name=""),
        )  # fmt: skip
    call.refresh_from_db()
    assert Case.objects.count() == 0 and call.case is None and call.version == 1


def test_handover_page_registers_and_links_the_case(client_for, actor, no_referrals_app):
    call = do_log_call(actor=actor("hotline_operator"), data=call_input())
    response = client_for("hotline_operator").post(
        reverse("hotline:call_handover", args=[call.pk]),
        {"family_name": "Церашкова", "gender": "female", "exploitation_forms": ["forced_labour"],
         "version": 1},
    )  # fmt: skip
    assert response.status_code == 302
    page = client_for("hotline_operator").get(response["Location"]).content.decode()
    assert Case.objects.get().reference in page
    assert "referral to be created" in page


def test_refused_referral_keeps_the_case_and_says_why(actor, fake_referrals, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"__all__": ["Only the agency that owns the case can refer it."]})

    monkeypatch.setattr(fake_referrals, "do_send_referral", refuse)
    operator = actor("hotline_operator")
    call = do_log_call(actor=operator, data=call_input())
    updated = do_hand_over_call(
        actor=operator, call=call, expected_version=1, data=handover_input()
    )
    assert updated.case is not None and Case.objects.count() == 1
    assert updated.referral_reference == ""
    assert "owns the case" in updated.referral_pending_reason
