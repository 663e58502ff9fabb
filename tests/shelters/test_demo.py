"""The demo's shelters: facilities of three operators and residents in every state, made through
the services on top of the synthetic cases."""

from __future__ import annotations

from palermo.core.audit import verify_chain
from palermo.demo.generator import generate
from palermo.shelters.demo import seed_shelters
from palermo.shelters.models import Admission, Facility


def test_the_demo_has_facilities_and_residents(db):
    generate(seed=7, cases=60)
    facilities = seed_shelters()
    assert len(facilities) == 4
    assert {f.operator.catalogue_code for f in facilities} == {
        "minsk_assistance_centre",
        "tcss_gomel",
        "ywca_belarus",
    }
    statuses = set(Admission.objects.values_list("status", flat=True))
    assert {"resident", "waiting", "refused"} <= statuses
    assert Admission.objects.filter(status="resident").count() >= 3
    assert seed_shelters() == [] and Facility.objects.count() == 4  # once only
    assert verify_chain().ok
