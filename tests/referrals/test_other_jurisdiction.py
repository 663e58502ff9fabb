"""Nothing Belarus-specific in the referral code: the same referral under the Testland pack."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from palermo.accounts.actor import actor_for_membership
from palermo.accounts.services import do_add_membership, do_create_agency, do_create_user
from palermo.cases.services import do_register_case
from palermo.jurisdictions.pack import clear_pack_cache, get_pack
from palermo.referrals.catalogue import get_catalogue
from palermo.referrals.services import (
    OfferingInput,
    ReferralInput,
    do_create_offering,
    do_send_referral,
)
from tests.conftest import case_input, person_input

PACKS = str(Path(__file__).resolve().parent.parent / "jurisdictions" / "packs")


@pytest.fixture
def testland(db):
    with override_settings(PALERMO_JURISDICTION="testland", PALERMO_JURISDICTION_DIRS=[PACKS]):
        clear_pack_cache()
        yield
    clear_pack_cache()


def member(agency, username: str, role: str):
    user = do_create_user(actor=None, username=username, password="Testland-pass-99")
    return actor_for_membership(do_add_membership(actor=None, user=user, agency=agency, role=role))


def test_a_referral_follows_the_configured_pack(testland):
    police = do_create_agency(actor=None, name="Testland Police", kind="police", region="TL-N")
    charity = do_create_agency(actor=None, name="Helping Hands", kind="charity", region="TL-S")
    constable = member(police, "constable", "ct_officer")
    assert get_catalogue().get("shelter") is None  # Belarus's own types are not Testland's
    with pytest.raises(ValidationError) as err:
        do_create_offering(actor=None, agency=charity, data=OfferingInput(service_type="shelter"))
    assert "service_type" in err.value.message_dict
    do_create_offering(
        actor=None, agency=charity, data=OfferingInput(service_type="social_care", regions=["TL-S"])
    )
    case = do_register_case(actor=constable, person=person_input(), case=case_input(region="TL-S"))
    referral = do_send_referral(
        actor=constable,
        case=case,
        data=ReferralInput(
            to_agency_id=charity.pk, services=["social_care"], urgency="emergency", share=[]
        ),
    )
    pack = get_pack()
    # Testland's own deadline (2 working days) and legal basis; no urgency rule shortens it.
    assert referral.response_working_days == 2
    assert referral.due_on == pack.calendar.add_working_days(timezone.localdate(), 2)
    assert referral.deadline_basis == "Victims Act 2020, s. 9"
    assert referral.reference.startswith("TST-")
