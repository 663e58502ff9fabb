"""Sending, receiving and answering, through the services, with a partner played by the test."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from palermo.cases.models import Case
from palermo.cases.services import do_register_case
from palermo.core.audit import AuditEvent
from palermo.crossborder.models import IncomingReferral, OutgoingReferral, Partner, SeenPackage
from palermo.crossborder.package import KeyPair, PackageRefused
from palermo.crossborder.services import (
    AnswerInput,
    PartnerInput,
    SendInput,
    do_answer_incoming,
    do_generate_installation_key,
    do_receive_package,
    do_register_partner,
    do_send_referral,
)
from palermo.crossborder.vocab import Decision, IncomingStatus, OutgoingStatus
from tests.conftest import case_input, person_input
from tests.crossborder.conftest import b64, referral_payload


def send(actor, case, partner, parts=("profile", "exploitation"), **extra):  # type: ignore[no-untyped-def]
    return do_send_referral(
        actor=actor("officer_minsk"),
        case=case,
        data=SendInput(partner_id=partner.pk, parts=list(parts), note="Needs a place", **extra),
    )


def test_sending_needs_the_persons_consent_to_transfer_abroad(abroad, minsk_case, actor):
    with pytest.raises(ValidationError) as caught:
        send(actor, minsk_case, abroad.partner)
    assert "consent does not cover transfer abroad" in str(caught.value)
    assert not OutgoingReferral.objects.exists()


def test_the_package_carries_only_the_chosen_parts_under_htcds_names(abroad, consented_case, actor):
    referral = send(actor, consented_case, abroad.partner, parts=["profile", "exploitation"])
    payload = abroad.open(referral.package)
    assert payload["prs_Gender"] == "Female" and payload["prs_Nationality"] == "BY"
    assert payload["vic_TypeOfExploitation"] == ["SexualExploitation"]
    assert {"hte_Type": "Exploitation", "hte_Country": "RU"} in payload["hte_Events"]
    # Not chosen: no name, no date of birth, no circumstances.
    assert not {"prs_FirstName", "prs_SecondName", "prs_Birthdate", "hte_Description"} & set(
        payload
    )
    assert "Шаўчэнка" not in referral.package
    event = AuditEvent.objects.get(action="crossborder.referral_sent")
    assert event.data["parts"] == ["exploitation", "profile"]
    assert referral.expires_at - referral.sent_at == timedelta(days=14)


def test_a_referral_from_abroad_lands_in_the_receiving_agencys_queue_once(abroad, actor):
    text = abroad.referral()
    received = do_receive_package(text=text, actor=None, channel="api")
    incoming = received.incoming
    assert incoming is not None and incoming.agency == actor("officer_minsk").agency
    assert incoming.status == IncomingStatus.RECEIVED
    assert AuditEvent.objects.filter(action="crossborder.referral_received").count() == 1
    with pytest.raises(PackageRefused) as caught:
        do_receive_package(text=text, actor=None, channel="upload")
    assert caught.value.code == "replayed"
    assert IncomingReferral.objects.count() == 1


@pytest.mark.parametrize(
    "make, code",
    [
        (lambda a: a.referral(expires_at=timezone.now() - timedelta(seconds=1),
                              now=timezone.now() - timedelta(days=1)), "expired"),
        (lambda a: a.referral(recipient=KeyPair.generate().public), "wrong_recipient"),
        (lambda a: a.referral(sender=KeyPair.generate()), "unknown_sender"),
        (lambda a: a.referral(payload=referral_payload(prs_Gender="Robot")), "bad_content"),
        (lambda a: a.referral(payload=referral_payload(org_Secret="x")), "bad_content"),
    ],
)  # fmt: skip
def test_a_bad_package_is_refused_and_writes_nothing(abroad, make, code):
    events_before = AuditEvent.objects.count()
    with pytest.raises(PackageRefused) as caught:
        do_receive_package(text=make(abroad), actor=None, channel="api")
    assert caught.value.code == code
    assert not IncomingReferral.objects.exists() and not SeenPackage.objects.exists()
    assert AuditEvent.objects.count() == events_before


def test_a_tampered_package_is_refused(abroad):
    document = json.loads(abroad.referral())
    document["header"]["expires_at"] = "2099-01-01T00:00:00Z"
    with pytest.raises(PackageRefused) as caught:
        do_receive_package(text=json.dumps(document), actor=None, channel="api")
    assert caught.value.code == "bad_signature"


def test_a_suspended_partner_is_an_unknown_sender(abroad, actor):
    from palermo.crossborder.services import do_set_partner_active

    do_set_partner_active(actor=actor("admin"), partner=abroad.partner, active=False)
    with pytest.raises(PackageRefused) as caught:
        do_receive_package(text=abroad.referral(), actor=None, channel="api")
    assert caught.value.code == "unknown_sender"


def test_accepting_makes_a_case_flags_the_duplicate_and_answers_the_partner(abroad, actor):
    # The same woman is already known here, spelt in Latin letters by the Gomel NGO.
    known = do_register_case(
        actor=actor("caseworker_gomel"),
        person=person_input(
            family_name="", given_name="", patronymic="", family_name_latin="Kavaliova",
            given_name_latin="Alesia", date_of_birth=timezone.datetime(2001, 5, 17).date(),
        ),
        case=case_input(region="BY-HO"),
    )  # fmt: skip
    incoming = do_receive_package(text=abroad.referral(), actor=None, channel="api").incoming
    assert incoming is not None and incoming.possible_duplicates == 1
    answered = do_answer_incoming(
        actor=actor("officer_minsk"),
        incoming=incoming,
        expected_version=incoming.version,
        data=AnswerInput(decision=Decision.ACCEPT, region="BY-HM"),
    )
    case = answered.case
    assert answered.status == IncomingStatus.ACCEPTED and case is not None
    assert case.owning_agency == actor("officer_minsk").agency
    assert case.identification_method == "foreign_authority"
    assert case.exploitation_form_codes == ["forced_labour"]
    assert str(case.person.family_name) == "Ковалёва"
    # Flagged, never merged: two persons remain.
    assert case.person_id != known.person_id
    event = AuditEvent.objects.get(action="crossborder.referral_answered")
    assert event.data["possible_duplicate_persons"] == [str(known.person_id)]
    answer = abroad.open(answered.answer_package)
    assert answer["decision"] == "accepted" and answer["in_reply_to"] == incoming.package_id


def test_declining_needs_a_reason_and_makes_no_case(abroad, actor):
    incoming = do_receive_package(text=abroad.referral(), actor=None, channel="api").incoming
    assert incoming is not None
    with pytest.raises(ValidationError) as caught:
        do_answer_incoming(
            actor=actor("officer_minsk"),
            incoming=incoming,
            expected_version=incoming.version,
            data=AnswerInput(decision=Decision.DECLINE),
        )
    assert "reason" in caught.value.message_dict
    cases_before = Case.objects.count()
    answered = do_answer_incoming(
        actor=actor("officer_minsk"),
        incoming=incoming,
        expected_version=incoming.version,
        data=AnswerInput(decision=Decision.DECLINE, reason="No capacity this month"),
    )
    assert answered.status == IncomingStatus.DECLINED and Case.objects.count() == cases_before
    assert abroad.open(answered.answer_package)["reason"] == "No capacity this month"


def test_answering_twice_is_refused(abroad, actor):
    incoming = do_receive_package(text=abroad.referral(), actor=None, channel="api").incoming
    assert incoming is not None
    data = AnswerInput(decision=Decision.DECLINE, reason="No")
    do_answer_incoming(actor=actor("officer_minsk"), incoming=incoming,
                       expected_version=incoming.version, data=data)  # fmt: skip
    with pytest.raises(Exception, match="answered"):
        do_answer_incoming(actor=actor("officer_minsk"), incoming=incoming,
                           expected_version=incoming.version, data=data)  # fmt: skip


def test_the_partners_answer_updates_our_referral(abroad, consented_case, actor):
    referral = send(actor, consented_case, abroad.partner)
    answer = abroad.referral(
        kind="answer",
        payload={"in_reply_to": referral.package_id, "decision": "declined", "reason": "Full"},
    )
    received = do_receive_package(text=answer, actor=None, channel="api")
    referral.refresh_from_db()
    assert received.outgoing == referral
    assert referral.status == OutgoingStatus.DECLINED and str(referral.answer_reason) == "Full"
    other = abroad.referral(kind="answer", payload={"in_reply_to": referral.package_id,
                                                    "decision": "accepted", "reason": ""})  # fmt: skip
    with pytest.raises(PackageRefused) as caught:
        do_receive_package(text=other, actor=None, channel="api")
    assert caught.value.code == "already_answered"


def test_partner_registration_checks_every_field(own_key, actor):
    with pytest.raises(ValidationError) as caught:
        do_register_partner(
            actor=actor("admin"),
            data=PartnerInput(name="", country="XX", encryption_key="nope", signing_key="x"),
        )
    assert {"name", "country", "encryption_key", "receiving_agency"} <= set(
        caught.value.message_dict
    )
    assert not Partner.objects.exists()


def test_the_key_pair_is_generated_once(own_key):
    with pytest.raises(ValidationError):
        do_generate_installation_key(actor=None)


def test_own_keys_are_not_a_partner(own_key, actor):
    from palermo.crossborder.services import own_keypair

    pair = own_keypair()
    assert pair is not None
    with pytest.raises(ValidationError) as caught:
        do_register_partner(
            actor=actor("admin"),
            data=PartnerInput(
                name="Us",
                country="BY",
                encryption_key=b64(pair.public.encryption),
                signing_key=b64(pair.public.signing),
                receiving_agency_id=actor("officer_minsk").agency.pk,
            ),
        )
    assert "own keys" in str(caught.value)


def test_a_second_send_while_the_first_awaits_its_answer_is_refused(abroad, consented_case, actor):
    first = send(actor, consented_case, abroad.partner)
    with pytest.raises(ValidationError) as caught:
        send(actor, consented_case, abroad.partner)
    assert first.reference in str(caught.value)
    assert OutgoingReferral.objects.count() == 1
