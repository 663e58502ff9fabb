"""A referral's life: sent → accepted | declined → completed; withdrawn; revoked. Each step tells
the other side, in the app and by e-mail, without naming the person."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from palermo.accounts.models import Agency
from palermo.core.errors import ConflictError
from palermo.core.models import AuditEvent, Notification
from palermo.core.notifications import render
from palermo.jurisdictions.pack import get_pack
from palermo.referrals.models import Referral
from palermo.referrals.services import (
    DeliveryInput,
    do_accept_referral,
    do_complete_referral,
    do_decline_referral,
    do_record_service_delivery,
    do_revoke_referral,
    do_send_referral,
    do_withdraw_referral,
)
from tests.referrals.conftest import referral_input

NAMES = ("Шаўчэнка", "Вольга", "Shauchenka", "Volha")


def audit_data(action: str) -> dict:
    return AuditEvent.objects.filter(action=action).order_by("-seq").first().data  # type: ignore[union-attr]


def test_sending_names_services_due_date_and_its_legal_basis(referral, minsk_case, gomel_agency):
    pack = get_pack()
    today = timezone.localdate()
    assert referral.reference == f"{minsk_case.reference}-R1"
    assert referral.status == "sent"
    assert referral.from_agency == minsk_case.owning_agency
    assert referral.to_agency == gomel_agency
    assert referral.service_codes == ["legal", "psychological_help"]
    assert referral.due_on == pack.calendar.add_working_days(today, 3)
    assert referral.deadline_basis == "Belarus pack, procedural rule 2"
    assert referral.share_flags == {"identity", "narrative", "exploitation"}
    data = audit_data("referral.sent")
    assert data["services"] == ["legal", "psychological_help"]
    assert data["due_on"] == referral.due_on.isoformat()
    # The details (free text) are encrypted and stay out of the audit log.
    assert "lawyer" not in str(data)


@pytest.mark.parametrize(("urgency", "days"), [("routine", 3), ("urgent", 1), ("emergency", 0)])
def test_urgency_shortens_the_deadline(urgency, days, actor, minsk_case, directory, gomel_agency):
    referral = do_send_referral(
        actor=actor("officer_minsk"),
        case=minsk_case,
        data=referral_input(gomel_agency.pk, urgency=urgency),
    )
    assert referral.response_working_days == days
    assert referral.due_on == get_pack().calendar.add_working_days(timezone.localdate(), days)


def test_the_whole_happy_path(referral, actor, minsk_case):
    gomel = actor("caseworker_gomel")
    accepted = do_accept_referral(actor=gomel, referral=referral, expected_version=1)
    assert accepted.status == "accepted" and accepted.answered_by == gomel.user
    with pytest.raises(ValidationError) as err:
        do_complete_referral(actor=gomel, referral=accepted)
    assert "Record at least one service delivered" in str(err.value)
    do_record_service_delivery(
        actor=gomel,
        case=minsk_case,
        data=DeliveryInput(service_type="legal", delivered_on=timezone.localdate()),
    )
    completed = do_complete_referral(actor=gomel, referral=accepted)
    assert completed.status == "completed" and completed.completed_at is not None
    assert audit_data("referral.completed")["services_delivered"] == ["legal"]


def test_declining_needs_a_reason_and_writes_nothing_without_one(referral, actor):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as err:
        do_decline_referral(actor=actor("caseworker_gomel"), referral=referral, reason="  ")
    assert err.value.message_dict == {"reason": ["Say why the referral is declined."]}
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert AuditEvent.objects.count() == before
    declined = do_decline_referral(
        actor=actor("caseworker_gomel"), referral=referral, reason="No free places until May."
    )
    assert declined.status == "declined"
    assert declined.decline_reason == "No free places until May."
    assert audit_data("referral.declined") == {
        "reference": referral.reference,
        "case": referral.case.reference,
        "from_status": "sent",
        "status": "declined",
        "reason_given": True,
    }


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("decline", "accept", "Only a referral awaiting an answer can be accepted"),
        ("accept", "decline", "Only a referral awaiting an answer can be declined"),
        ("withdraw", "accept", "this one is “Withdrawn by the sender”"),
        ("decline", "withdraw", "Only a referral awaiting an answer or accepted can be withdrawn"),
        ("withdraw", "revoke", "A referral that is “Withdrawn by the sender” cannot be revoked"),
        ("decline", "complete", "Only an accepted referral can be completed"),
    ],
)
def test_illegal_transitions_are_refused_with_a_clear_message(
    first, second, message, referral, actor, admin_actor
):
    run = {
        "accept": lambda r: do_accept_referral(actor=actor("caseworker_gomel"), referral=r),
        "decline": lambda r: do_decline_referral(
            actor=actor("caseworker_gomel"), referral=r, reason="Full."
        ),
        "complete": lambda r: do_complete_referral(actor=actor("caseworker_gomel"), referral=r),
        "withdraw": lambda r: do_withdraw_referral(actor=actor("officer_minsk"), referral=r),
        "revoke": lambda r: do_revoke_referral(actor=admin_actor, referral=r, reason="Error."),
    }
    run[first](referral)
    status = Referral.objects.get(pk=referral.pk).status
    with pytest.raises(ValidationError) as err:
        run[second](referral)  # the stale object, as a second user would have it
    assert message in " ".join(err.value.messages)
    assert Referral.objects.get(pk=referral.pk).status == status


def test_a_stale_version_is_a_conflict(referral, actor):
    do_accept_referral(actor=actor("caseworker_gomel"), referral=referral, expected_version=1)
    with pytest.raises(ConflictError):
        do_withdraw_referral(actor=actor("officer_minsk"), referral=referral, expected_version=1)
    assert Referral.objects.get(pk=referral.pk).status == "accepted"


def test_only_the_right_side_may_take_each_step(referral, actor, admin_actor):
    with pytest.raises(ValidationError, match="Only the agency the case was referred to"):
        do_accept_referral(actor=actor("officer_minsk"), referral=referral)
    with pytest.raises(ValidationError, match="Only the referring agency"):
        do_withdraw_referral(actor=actor("caseworker_gomel"), referral=referral)
    with pytest.raises(ValidationError, match="Only a national administrator"):
        do_revoke_referral(actor=actor("officer_minsk"), referral=referral, reason="x")
    with pytest.raises(ValidationError, match="Only the agency that owns the case"):
        do_send_referral(
            actor=actor("caseworker_gomel"),
            case=referral.case,
            data=referral_input(actor("officer_minsk").agency.pk),
        )
    revoked = do_revoke_referral(actor=admin_actor, referral=referral, reason="Sent by mistake.")
    assert revoked.status == "revoked"


def test_bad_referrals_name_every_field_and_write_nothing(
    actor, minsk_case, directory, gomel_agency, consent
):
    consent.withdraw(minsk_case)
    before = (Referral.objects.count(), AuditEvent.objects.count(), Notification.objects.count())
    with pytest.raises(ValidationError) as err:
        do_send_referral(
            actor=actor("officer_minsk"),
            case=minsk_case,
            data=referral_input(
                gomel_agency.pk,
                services=["free_medical_care", "teleportation"],
                reason="boredom",
                urgency="yesterday",
                details="x" * 5001,
                share=["identity", "exploitation"],
            ),
        )
    errors = err.value.message_dict
    assert set(errors) == {"services", "reason", "urgency", "details", "share"}
    assert "Unknown service: teleportation." in errors["services"]
    assert "consent does not cover sharing" in errors["share"][0]
    assert (
        Referral.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    ) == before


def test_the_target_must_offer_the_services_and_not_be_the_owner(
    actor, minsk_case, directory, gomel_agency
):
    with pytest.raises(ValidationError) as err:
        do_send_referral(
            actor=actor("officer_minsk"),
            case=minsk_case,
            data=referral_input(gomel_agency.pk, services=["free_medical_care"]),
        )
    assert "does not offer Free medical services" in err.value.message_dict["services"][0]
    with pytest.raises(ValidationError) as err:
        do_send_referral(
            actor=actor("officer_minsk"),
            case=minsk_case,
            data=referral_input(minsk_case.owning_agency_id),
        )
    assert err.value.message_dict["to_agency"] == [
        "A case cannot be referred to the agency that owns it."
    ]


def test_one_open_referral_per_agency_and_case(referral, actor, minsk_case, gomel_agency):
    with pytest.raises(ValidationError) as err:
        do_send_referral(
            actor=actor("officer_minsk"), case=minsk_case, data=referral_input(gomel_agency.pk)
        )
    assert referral.reference in err.value.message_dict["to_agency"][0]
    do_decline_referral(actor=actor("caseworker_gomel"), referral=referral, reason="Full.")
    again = do_send_referral(
        actor=actor("officer_minsk"), case=minsk_case, data=referral_input(gomel_agency.pk)
    )
    assert again.reference.endswith("-R2")


def test_every_step_notifies_the_other_side_and_emails_without_names(
    actor, minsk_case, directory, gomel_agency, django_capture_on_commit_callbacks
):
    Agency.objects.filter(pk=gomel_agency.pk).update(email="intake@road-home.example")
    Agency.objects.filter(pk=minsk_case.owning_agency_id).update(email="ct-minsk@mvd.example")
    with django_capture_on_commit_callbacks(execute=True):
        referral = do_send_referral(
            actor=actor("officer_minsk"), case=minsk_case, data=referral_input(gomel_agency.pk)
        )
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["intake@road-home.example"]
    assert referral.reference in sent.subject and "needs your answer" in sent.subject
    assert f"/referrals/{referral.pk}/" in sent.body
    for leak in (*NAMES, "lawyer", "Moscow"):
        assert leak not in sent.subject + sent.body

    to_gomel = Notification.objects.get(recipient_agency=gomel_agency)
    assert to_gomel.kind == "referral.sent" and to_gomel.read_at is None
    assert render(to_gomel).startswith(f"Referral {referral.reference} from ")

    with django_capture_on_commit_callbacks(execute=True):
        do_accept_referral(actor=actor("caseworker_gomel"), referral=referral)
    assert mail.outbox[-1].to == ["ct-minsk@mvd.example"]
    assert "was accepted by" in mail.outbox[-1].body
    kinds = list(
        Notification.objects.filter(recipient_agency=minsk_case.owning_agency).values_list(
            "kind", flat=True
        )
    )
    assert kinds == ["referral.accepted"]

    with django_capture_on_commit_callbacks(execute=True):
        do_withdraw_referral(actor=actor("officer_minsk"), referral=referral, reason="Moved away")
    assert mail.outbox[-1].to == ["intake@road-home.example"]
    assert "withdrawn" in mail.outbox[-1].body
    for message in mail.outbox:
        for leak in (*NAMES, "Moved away"):
            assert leak not in message.subject + message.body


def test_no_email_when_the_transaction_rolls_back(
    actor, minsk_case, directory, gomel_agency, django_capture_on_commit_callbacks
):
    Agency.objects.filter(pk=gomel_agency.pk).update(email="intake@road-home.example")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        do_send_referral(
            actor=actor("officer_minsk"),
            case=minsk_case,
            data=referral_input(gomel_agency.pk, services=[]),
        )
    assert callbacks == [] and mail.outbox == []


def test_revoking_by_a_national_admin_tells_both_agencies(referral, actor, minsk_case):
    do_revoke_referral(actor=actor("admin"), referral=referral, reason="Duplicate.")
    recipients = set(
        Notification.objects.filter(kind="referral.revoked").values_list(
            "recipient_agency_id", flat=True
        )
    )
    assert recipients == {referral.to_agency_id, referral.from_agency_id}
