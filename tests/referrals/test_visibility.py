"""Need to know: what the agency a case is referred to sees, and when it stops seeing it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from palermo.cases.access import cases_for
from palermo.cases.models import Case
from palermo.core.models import AuditEvent
from palermo.referrals.access import (
    referral_parts,
    referred_case_ids,
    shared_parts,
    visible_parts,
)
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

NAME = "Шаўчэнка"
NARRATIVE = "Recruited through a job offer"


def case_page(client, case: Case):
    return client.get(reverse("referrals:case", args=[case.pk]))


def test_a_pending_referral_shows_the_summary_only(referral, client_for, minsk_case):
    page = client_for("caseworker_gomel").get(reverse("referrals:detail", args=[referral.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for summary in ("Psychological help", "Legal assistance", "Minsk City", "Female", "24–26"):
        assert summary in html
    assert NAME not in html and NARRATIVE not in html and "Sexual exploitation" not in html
    assert case_page(client_for("caseworker_gomel"), minsk_case).status_code == 404
    assert list(referred_case_ids(referral.to_agency)) == []


def test_an_accepted_referral_shows_the_shared_parts(referral, actor, client_for, minsk_case):
    do_accept_referral(actor=actor("caseworker_gomel"), referral=referral)
    assert list(referred_case_ids(referral.to_agency)) == [minsk_case.pk]
    assert shared_parts(actor("caseworker_gomel"), minsk_case) == {
        "identity",
        "narrative",
        "exploitation",
    }
    client = client_for("caseworker_gomel")
    html = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert NAME in html and NARRATIVE in html and "Sexual exploitation" in html
    assert "12.04.1999" not in html and "1999" not in html  # date of birth was not shared
    assert case_page(client, minsk_case).status_code == 200
    viewed = AuditEvent.objects.filter(action="person.identity_viewed").last()
    assert viewed is not None and viewed.actor_username == "caseworker_gomel"
    assert viewed.data["parts"] == ["identity", "narrative"]


def test_only_the_chosen_parts_are_shared(actor, client_for, minsk_case, directory, gomel_agency):
    referral = do_send_referral(
        actor=actor("officer_minsk"),
        case=minsk_case,
        data=referral_input(gomel_agency.pk, share=["exploitation"]),
    )
    do_accept_referral(actor=actor("caseworker_gomel"), referral=referral)
    assert shared_parts(actor("caseworker_gomel"), minsk_case) == {"exploitation"}
    html = case_page(client_for("caseworker_gomel"), minsk_case).content.decode()
    assert "Sexual exploitation" in html
    assert NAME not in html and NARRATIVE not in html


@pytest.mark.parametrize("ending", ["declined", "revoked", "consent withdrawn", "withdrawn"])
def test_the_receiving_agency_no_longer_sees_the_case(
    ending, referral, actor, admin_actor, client_for, api_for, minsk_case, consent
):
    gomel = actor("caseworker_gomel")
    if ending == "declined":
        do_decline_referral(actor=gomel, referral=referral, reason="No places.")
    else:
        do_accept_referral(actor=gomel, referral=referral)
        assert case_page(client_for("caseworker_gomel"), minsk_case).status_code == 200
        if ending == "revoked":
            do_revoke_referral(actor=admin_actor, referral=referral, reason="Error.")
        elif ending == "consent withdrawn":
            consent.withdraw(minsk_case)
        else:
            do_withdraw_referral(actor=actor("officer_minsk"), referral=referral)
    client = client_for("caseworker_gomel")
    assert case_page(client, minsk_case).status_code == 404
    api = api_for("caseworker_gomel")
    for path in ("services-delivered", "reintegration-goals", "follow-ups"):
        assert api.get(f"/api/cases/{minsk_case.pk}/{path}/").status_code == 404
    assert minsk_case.pk not in set(referred_case_ids(referral.to_agency))
    assert not cases_for(gomel).filter(pk=minsk_case.pk).exists()
    # The referral itself stays in the inbox as a record, with the summary only.
    html = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert NAME not in html and NARRATIVE not in html
    assert shared_parts(gomel, minsk_case) == set()


def test_consent_withdrawal_hides_identity_at_once(referral, actor, minsk_case, consent):
    gomel = actor("caseworker_gomel")
    do_accept_referral(actor=gomel, referral=referral)
    assert shared_parts(gomel, minsk_case) == {"identity", "narrative", "exploitation"}
    consent.withdraw(minsk_case)
    assert shared_parts(gomel, minsk_case) == set()
    assert referral_parts(gomel, referral) == set()
    consent.give(minsk_case)
    assert "identity" in shared_parts(gomel, minsk_case)


def test_a_completed_referral_keeps_access_for_the_follow_up_period(
    referral, actor, client_for, minsk_case
):
    gomel = actor("caseworker_gomel")
    do_accept_referral(actor=gomel, referral=referral)
    do_record_service_delivery(
        actor=gomel,
        case=minsk_case,
        data=DeliveryInput(service_type="legal", delivered_on=timezone.localdate()),
    )
    do_complete_referral(actor=gomel, referral=referral)
    client = client_for("caseworker_gomel")
    assert case_page(client, minsk_case).status_code == 200
    Referral.objects.filter(pk=referral.pk).update(completed_at=timezone.now() - timedelta(days=91))
    assert case_page(client, minsk_case).status_code == 404


def test_the_owner_and_national_roles_see_every_part(referral, actor, minsk_case):
    assert visible_parts(actor("officer_minsk"), minsk_case) == {
        "identity",
        "date_of_birth",
        "narrative",
        "exploitation",
    }
    assert visible_parts(actor("admin"), minsk_case) == visible_parts(
        actor("officer_minsk"), minsk_case
    )
    assert visible_parts(actor("outsider"), minsk_case) == set()
    # Analysts see statistics, never a case file.
    assert visible_parts(actor("analyst"), minsk_case) == set()


def test_another_agency_of_the_same_kind_sees_nothing(referral, actor, client_for, minsk_case):
    do_accept_referral(actor=actor("caseworker_gomel"), referral=referral)
    assert case_page(client_for("outsider"), minsk_case).status_code == 404
    assert (
        client_for("outsider").get(reverse("referrals:detail", args=[referral.pk])).status_code
        == 404
    )
    assert shared_parts(actor("outsider"), minsk_case) == set()
