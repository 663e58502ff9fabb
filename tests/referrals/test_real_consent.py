"""With the cases app's own consent records (when they exist): no consent, no identity shared;
consent withdrawn, the receiving agency loses the case at once."""

from __future__ import annotations

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from palermo.referrals import consent as consent_adapter
from palermo.referrals.services import do_accept_referral, do_send_referral
from tests.referrals.conftest import REAL_CONSENT_PROVIDER, referral_input

cases_services = importlib.import_module("palermo.cases.services")
if not all(
    hasattr(cases_services, name)
    for name in ("consent_covers", "do_record_consent", "do_withdraw_consent", "ConsentInput")
):
    pytest.skip("the cases app records no consent yet", allow_module_level=True)


@pytest.fixture
def real_consent(monkeypatch):
    monkeypatch.setattr(consent_adapter, "_provider", REAL_CONSENT_PROVIDER)


def give_consent(actor, case):
    checklist = dict.fromkeys(
        (
            "purpose_explained", "uses_explained", "research_use_explained",
            "right_of_access_explained", "retention_explained", "withdrawal_explained",
        ),
        True,
    )  # fmt: skip
    return cases_services.do_record_consent(
        actor=actor,
        case=case,
        data=cases_services.ConsentInput(
            purpose="sharing_with_referral_agencies", given_on=timezone.localdate(), **checklist
        ),
    )


def test_the_real_consent_decides(
    real_consent, actor, client_for, minsk_case, directory, gomel_agency
):
    officer = actor("officer_minsk")
    with pytest.raises(ValidationError) as err:
        do_send_referral(actor=officer, case=minsk_case, data=referral_input(gomel_agency.pk))
    assert "consent does not cover sharing" in err.value.message_dict["share"][0]
    consent = give_consent(officer, minsk_case)
    referral = do_send_referral(
        actor=officer, case=minsk_case, data=referral_input(gomel_agency.pk)
    )
    do_accept_referral(actor=actor("caseworker_gomel"), referral=referral)
    page = reverse("referrals:case", args=[minsk_case.pk])
    assert client_for("caseworker_gomel").get(page).status_code == 200
    cases_services.do_withdraw_consent(actor=officer, consent=consent, reason="Changed her mind.")
    assert client_for("caseworker_gomel").get(page).status_code == 404
