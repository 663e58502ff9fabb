"""Nothing Belarus-specific is written in the case code: the same registration under Testland."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from palermo.accounts.actor import actor_for_membership
from palermo.accounts.models import Agency
from palermo.accounts.services import do_add_membership, do_create_agency, do_create_user
from palermo.cases.services import do_register_case
from palermo.jurisdictions.pack import clear_pack_cache
from tests.conftest import case_input, person_input

PACKS = str(Path(__file__).resolve().parent.parent / "jurisdictions" / "packs")


@pytest.fixture
def testland(db):
    # The test database holds the shipped pack's agencies (built once per session for the
    # personas); a Testland deployment has none of them.
    Agency.objects.update(is_active=False)
    with override_settings(PALERMO_JURISDICTION="testland", PALERMO_JURISDICTION_DIRS=[PACKS]):
        clear_pack_cache()
        yield
    clear_pack_cache()


def test_registration_follows_the_configured_pack(testland, client):
    police = do_create_agency(
        actor=None, name="Testland National Police", kind="police", region="TL-N"
    )
    user = do_create_user(actor=None, username="constable", password="Testland-pass-99")
    actor = actor_for_membership(
        do_add_membership(actor=None, user=user, agency=police, role="ct_officer")
    )

    case = do_register_case(actor=actor, person=person_input(), case=case_input(region="TL-S"))
    assert case.person.reference.startswith("TST-")
    with pytest.raises(ValidationError) as err:
        do_register_case(actor=actor, person=person_input(), case=case_input(region="BY-HM"))
    assert "region" in err.value.message_dict

    client.force_login(user)
    page = client.get(reverse("cases:register")).content.decode()
    assert "Southern Province" in page and "Minsk" not in page


def test_agency_kinds_come_from_the_pack(testland):
    with pytest.raises(ValidationError) as err:
        do_create_agency(actor=None, name="Minsk CT unit", kind="ct_unit", region="BY-HM")
    assert set(err.value.message_dict) == {"kind", "region"}
