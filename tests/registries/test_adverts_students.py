"""Adverts (Art. 16 p.5): two ministries agree. Students sent abroad (Art. 17)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from palermo.core.errors import ConflictError
from palermo.registries.models import StudentNotice
from palermo.registries.services import (
    do_decide_advert,
    do_record_migration_informed,
    do_register_student_notice,
)
from tests.registries.conftest import student_input


def test_approved_only_when_both_ministries_agree(ractor, advert):
    advert = do_decide_advert(actor=ractor("registry_officer"), advert=advert, outcome="approved")
    assert advert.status == "pending"
    advert = do_decide_advert(actor=ractor("education_officer"), advert=advert, outcome="approved")
    assert advert.status == "approved"
    assert advert.legal_basis == "Law No. 350-Z, Art. 16 p.5"
    parties = dict(advert.decisions.values_list("party", "agency__catalogue_code"))
    assert parties == {"interior": "moi_registry", "education": "ministry_of_education"}


def test_refused_if_either_refuses_and_a_reason_is_required(ractor, advert):
    with pytest.raises(ValidationError) as exc:
        do_decide_advert(actor=ractor("education_officer"), advert=advert, outcome="refused")
    assert "reason" in exc.value.message_dict
    advert = do_decide_advert(
        actor=ractor("education_officer"), advert=advert, outcome="refused",
        reason="Promises study without a named institution",
    )  # fmt: skip
    assert advert.status == "refused"
    with pytest.raises(ValidationError):
        do_decide_advert(actor=ractor("registry_officer"), advert=advert, outcome="approved")


def test_each_ministry_decides_once(ractor, advert):
    do_decide_advert(actor=ractor("registry_officer"), advert=advert, outcome="approved")
    with pytest.raises(ConflictError):
        do_decide_advert(
            actor=ractor("registry_officer"), advert=advert, outcome="refused", reason="x"
        )


@pytest.mark.parametrize("persona", ["admin", "hotline_operator", "officer_minsk", "analyst"])
def test_others_cannot_decide(ractor, advert, persona):
    with pytest.raises(ValidationError):
        do_decide_advert(actor=ractor(persona), advert=advert, outcome="approved")
    assert not advert.decisions.exists()


def test_student_notice_requires_the_heads_written_permission(registrar):
    with pytest.raises(ValidationError) as exc:
        do_register_student_notice(
            actor=registrar, data=student_input(permission_date=None, permission_number="")
        )
    assert set(exc.value.message_dict) == {"permission_date", "permission_number"}
    with pytest.raises(ValidationError) as exc:
        do_register_student_notice(
            actor=registrar, data=student_input(permission_date=date(2026, 3, 11))
        )
    assert "before the departure" in exc.value.message_dict["permission_date"][0]
    assert not StudentNotice.objects.exists()


def test_student_notice_records_when_migration_authorities_were_informed(registrar, student_notice):
    assert student_notice.migration_informed_on is None
    assert student_notice.legal_basis == "Law No. 350-Z, Art. 17"
    notice = do_record_migration_informed(
        actor=registrar, notice=student_notice, informed_on=date(2026, 3, 3), expected_version=1
    )
    assert notice.migration_informed_on == date(2026, 3, 3)
    with pytest.raises(ConflictError):
        do_record_migration_informed(
            actor=registrar, notice=student_notice, informed_on=date(2026, 3, 4), expected_version=1
        )
