"""The handover against the real referrals app (skipped while it is not installed)."""

from __future__ import annotations

import pytest
from django.apps import apps

from palermo.cases.models import Case
from palermo.hotline.services import HandoverInput, do_hand_over_call, do_log_call
from palermo.people.services import PersonInput
from tests.hotline.helpers import call_input

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not apps.is_installed("palermo.referrals"), reason="the referrals app is not installed"
    ),
]


def test_handover_with_the_real_referrals_app(actor):
    operator = actor("hotline_operator")
    call = do_log_call(actor=operator, data=call_input())
    updated = do_hand_over_call(
        actor=operator,
        call=call,
        expected_version=1,
        data=HandoverInput(
            person=PersonInput(family_name="Церашкова", gender="female", citizenship="BY"),
            exploitation_forms=["forced_labour"],
        ),
    )
    assert updated.case == Case.objects.get()
    # Either a referral was made, or the reason why not is on the call (e.g. the CT unit lists no
    # service in the directory yet, or the hotline role may not refer): never a lost handover.
    assert updated.referral_reference or updated.referral_pending_reason
