"""Free medical care for victims (Ministry of Health Regulation No. 41): the list of free
services is pack data, shown wherever a medical service is offered, referred or delivered."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from palermo.accounts.models import Agency
from palermo.accounts.services import do_add_membership, do_create_user
from palermo.jurisdictions.pack import SHIPPED_PACKS, PackError, get_pack, load_pack
from palermo.referrals.catalogue import get_catalogue
from palermo.referrals.checks import unknown_medical_service_types
from palermo.referrals.services import do_send_referral
from tests.referrals.conftest import referral_input

HTMX = {"HTTP_HX_REQUEST": "true"}
IN_HOSPITAL = "Medical care in hospital (inpatient) settings"
REGULATION = "Ministry of Health Regulation No. 41 of 28.04.2012"


@pytest.fixture
def medical_referral(actor, minsk_case, directory):
    health = Agency.objects.get(catalogue_code="ministry_of_health")
    return do_send_referral(
        actor=actor("officer_minsk"),
        case=minsk_case,
        data=referral_input(health.pk, services=["free_medical_care"]),
    )


def test_a_referral_for_medical_care_shows_the_free_services(client_for, medical_referral):
    """Seed 000, § 3.1: "the Regulation of the Belarusian Ministry of Healthcare of 28.04.2012
    No. 41 ... offers a list of medical services rendered free of charge to the indicated
    categories of persons" — "rendered by public healthcare organizations, including in the
    hospital setting, to human trafficking victims regardless of their place of permanent
    residence"."""
    rules = get_pack().medical_care
    assert rules is not None and rules.legal_basis.key == "moh_reg_41"
    page = client_for("officer_minsk").get(reverse("referrals:detail", args=[medical_referral.pk]))
    html = page.content.decode()
    assert "Free medical care for victims" in html
    assert IN_HOSPITAL in html and "whatever their place of residence" in html
    for service in rules.services:
        assert service.name("en") in html
    assert REGULATION in html


def test_the_receiving_health_agency_sees_the_list_too(personas, medical_referral):
    user = do_create_user(actor=None, username="doctor_moh", password="persona-password-1")
    do_add_membership(actor=None, user=user, agency=medical_referral.to_agency, role="case_worker")
    client = Client()
    client.force_login(user)
    html = client.get(reverse("referrals:detail", args=[medical_referral.pk])).content.decode()
    assert IN_HOSPITAL in html


def test_a_referral_without_a_medical_service_does_not_show_it(client_for, referral):
    html = (
        client_for("officer_minsk")
        .get(reverse("referrals:detail", args=[referral.pk]))
        .content.decode()
    )
    assert "Free medical care for victims" not in html


def test_choosing_a_medical_service_when_referring_shows_the_list(
    client_for, minsk_case, directory
):
    client = client_for("officer_minsk")
    url = reverse("referrals:send_agencies", args=[minsk_case.pk])
    medical = client.get(url, {"services": ["health"], "region": "BY-HM"}, **HTMX).content.decode()
    assert "Free medical care for victims" in medical and IN_HOSPITAL in medical
    legal = client.get(url, {"services": ["legal"], "region": "BY-HM"}, **HTMX).content.decode()
    assert "Free medical care for victims" not in legal


def test_the_directory_shows_the_list_with_agencies_offering_medical_care(client_for, directory):
    client = client_for("caseworker_gomel")
    html = client.get(reverse("referrals:directory"), {"service": "health"}).content.decode()
    assert "Free medical care for victims" in html and IN_HOSPITAL in html
    other = client.get(reverse("referrals:directory"), {"service": "legal"}).content.decode()
    assert "Free medical care for victims" not in other


def test_the_api_gives_the_list_with_a_medical_referral(api_for, medical_referral, referral):
    officer = api_for("officer_minsk")
    body = officer.get(f"/api/referrals/{medical_referral.pk}/").json()
    care = body["free_medical_care"]
    assert care["legal_basis"] == {"key": "moh_reg_41", "citation": REGULATION}
    codes = [s["code"] for s in care["services"]]
    assert codes == [s.code for s in get_pack().medical_care.services]
    assert "inpatient_care" in codes and IN_HOSPITAL in [s["name"] for s in care["services"]]
    assert officer.get(f"/api/referrals/{referral.pk}/").json()["free_medical_care"] is None


def test_the_service_types_api_marks_the_medical_types(api_for, personas):
    types = {t["code"]: t for t in api_for("caseworker_gomel").get("/api/service-types/").json()}
    assert types["free_medical_care"]["free_medical_care"]["services"]
    assert types["health"]["free_medical_care"]["legal_basis"]["key"] == "moh_reg_41"
    assert types["legal"]["free_medical_care"] is None


def test_the_list_is_translated(api_for, medical_referral):
    body = (
        api_for("officer_minsk")
        .get(f"/api/referrals/{medical_referral.pk}/", HTTP_ACCEPT_LANGUAGE="ru")
        .json()
    )
    names = [s["name"] for s in body["free_medical_care"]["services"]]
    assert "Медицинская помощь в стационарных условиях" in names


def test_the_shipped_medical_service_types_are_in_the_catalogue():
    assert unknown_medical_service_types(get_catalogue()) == []


MEDICAL = """\
medical_care:
  legal_basis: {basis}
  service_types: [health]
  services:
    - code: emergency
      name: {{en: Emergency care}}
    - code: {second}
      name: {{en: Hospital care}}
"""


def _pack_with(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "belarus"
    folder.mkdir()
    for file in (SHIPPED_PACKS / "belarus").glob("*.yaml"):
        if file.name != "medical_care.yaml":
            (folder / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "medical_care.yaml").write_text(text, encoding="utf-8")
    return folder


def test_the_pack_checker_accepts_a_good_list(tmp_path):
    pack = load_pack(_pack_with(tmp_path, MEDICAL.format(basis="moh_reg_41", second="hospital")))
    assert [s.code for s in pack.medical_care.services] == ["emergency", "hospital"]
    assert pack.medical_care.concerns(["legal", "health"])
    assert not pack.medical_care.concerns(["legal"])


@pytest.mark.parametrize(
    ("basis", "second", "expected"),
    [
        ("moh_reg_99", "hospital", "'moh_reg_99' is not a legal basis of this pack"),
        ("moh_reg_41", "emergency", "duplicate code 'emergency'"),
        ("moh_reg_41", "Bad Code", "'Bad Code' is not a valid code"),
    ],
)
def test_the_pack_checker_refuses_a_bad_list(tmp_path, basis, second, expected):
    with pytest.raises(PackError) as error:
        load_pack(_pack_with(tmp_path, MEDICAL.format(basis=basis, second=second)))
    with translation.override("en"):
        messages = [p.message for p in error.value.problems]
    assert any(m.startswith("medical_care.yaml: medical_care") and expected in m for m in messages)


def test_a_medical_service_delivered_shows_the_list_on_the_case(actor, client_for, minsk_case):
    from datetime import date

    from palermo.referrals.services import DeliveryInput, do_record_service_delivery

    client = client_for("officer_minsk")
    url = reverse("referrals:case", args=[minsk_case.pk])
    assert "Free medical care for victims" not in client.get(url).content.decode()
    do_record_service_delivery(
        actor=actor("officer_minsk"),
        case=minsk_case,
        data=DeliveryInput(service_type="health", delivered_on=date(2026, 3, 3)),
    )
    html = client.get(url).content.decode()
    assert "Free medical care for victims" in html and IN_HOSPITAL in html
