"""In a real browser: the Minsk-city officer has referred a presumed victim to the Minsk centre;
the centre's shelter manager accepts the referral, admits the person to a place (the decision
citing its rules), sees the place taken, then discharges the resident and sees the place free."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from palermo.shelters.models import Admission
from palermo.shelters.services import do_create_facility
from tests.browser.journey_steps import menu_link
from tests.browser.test_referral_journey import login
from tests.conftest import case_input, person_input
from tests.shelters.conftest import facility_input, give_sharing_consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expect_places(page, kind: str, *, capacity: int, occupied: int, free: int) -> None:
    row = page.locator("#places").get_by_role("row").filter(has_text=kind)
    expect(row.get_by_role("cell")).to_have_text([kind, str(capacity), str(occupied), str(free)])


def test_admit_a_referred_victim_and_discharge(page, live_server, personas, actor):
    from palermo.cases.services import do_register_case
    from palermo.referrals.demo import ensure_service_directory
    from palermo.referrals.services import ReferralInput, do_send_referral

    ensure_service_directory()
    centre_agency = personas["shelter_manager"].agency
    do_create_facility(
        actor=actor("shelter_manager"), data=facility_input(places={"women": 1, "men": 1})
    )
    officer = actor("officer_minsk")
    case = do_register_case(actor=officer, person=person_input(), case=case_input())
    give_sharing_consent(officer, case)
    referral = do_send_referral(
        actor=officer,
        case=case,
        data=ReferralInput(
            to_agency_id=centre_agency.pk,
            services=["shelter"],
            reason="additional_services_required",
            urgency="urgent",
            share=["identity", "exploitation"],
        ),
    )

    login(page, live_server, "shelter_manager")
    # Accept the referral: the status panel is replaced in place.
    page.goto(f"{live_server.url}/referrals/{referral.pk}/")
    status = page.locator("#referral-status")
    expect(status.get_by_role("heading")).to_have_text("Status: Sent, awaiting an answer")
    status.get_by_role("button", name="Accept").click()
    expect(page.locator("#referral-status").get_by_role("heading")).to_have_text("Status: Accepted")

    # The centre's facility, from the menu.
    with page.expect_navigation():
        menu_link(page, "Shelters").click()
    expect(page.get_by_role("heading", name="Shelters and rehabilitation centres")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Minsk centre").click()
    expect(page.locator("#facility-address")).to_contain_text("Сакрэтная")
    expect_places(page, "Women", capacity=1, occupied=0, free=1)

    # Admit: choose the case, check the facts (taken from the case), admit.
    with page.expect_navigation():
        page.get_by_role("link", name="Admit a person").click()
    page.get_by_label("Case").select_option(label=f"{case.reference} · {case.owning_agency}")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    expect(
        page.get_by_role("heading", name=f"Admit case {case.reference} to Minsk centre")
    ).to_be_visible()
    expect(page.get_by_label("Sex")).to_have_value("female")
    expect(page.get_by_label("Lives in")).to_have_value("BY-HM")
    page.get_by_label("Kind of place").select_option("women")
    page.get_by_label("No disease or infection known").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Admit", exact=True).click()
    admission = Admission.objects.get()
    assert admission.status == "resident" and admission.case == case
    expect(page.get_by_text(f"Admitted as resident {admission.alias}.")).to_be_visible()
    decision = page.locator("#decision")
    expect(decision.get_by_role("heading", name="Admission decided: admitted")).to_be_visible()
    expect(decision).to_contain_text("Law No. 350-Z, Art. 21")
    expect(page.locator("#admission-status")).to_contain_text("Resident")

    # The place is taken.
    with page.expect_navigation():
        page.get_by_role("link", name="Minsk centre").click()
    expect_places(page, "Women", capacity=1, occupied=1, free=0)
    with page.expect_navigation():
        page.locator("#residents").get_by_role("link").first.click()

    # Discharge.
    with page.expect_navigation():
        page.get_by_role("link", name="Discharge").click()
    page.get_by_label("Discharged on").fill(timezone.localdate().isoformat())
    page.get_by_label("Reason").select_option(label="Rehabilitation completed")
    page.get_by_label("Where the person goes").select_option(label="Family or relatives")
    with page.expect_navigation():
        page.get_by_role("button", name="Discharge").click()
    expect(page.get_by_text(f"Resident {admission.alias} discharged.")).to_be_visible()
    expect(page.locator("#admission-status")).to_contain_text("Discharged")
    expect(page.locator("#admission-status")).to_contain_text("Rehabilitation completed")
    admission.refresh_from_db()
    assert admission.status == "discharged" and admission.destination == "family"

    with page.expect_navigation():
        page.get_by_role("link", name="Minsk centre").click()
    expect_places(page, "Women", capacity=1, occupied=0, free=1)
    expect(page.get_by_text("No residents.")).to_be_visible()
