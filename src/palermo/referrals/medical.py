"""Free medical care for victims (Belarus: Ministry of Health Regulation No. 41 of 28.04.2012).

The list of free services is data of the jurisdiction pack (its ``medical_care`` section); it is
shown wherever a medical service type of that section is offered, referred or delivered, and the
API gives it with such a referral.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from palermo.jurisdictions.pack import get_pack
from palermo.jurisdictions.sections_care import MedicalCareRules


def free_medical_care_for(service_codes: Iterable[str] | str) -> MedicalCareRules | None:
    """The pack's free medical care when one of ``service_codes`` is a medical service."""
    codes = [service_codes] if isinstance(service_codes, str) else list(service_codes)
    rules = get_pack().medical_care
    if rules is None or not rules.concerns(codes):
        return None
    return rules


def free_medical_care_data(rules: MedicalCareRules | None) -> dict[str, Any] | None:
    """The list as the API gives it (names in the request's language)."""
    if rules is None:
        return None
    return {
        "legal_basis": {"key": rules.legal_basis.key, "citation": rules.legal_basis.cite()},
        "services": [{"code": s.code, "name": s.name()} for s in rules.services],
    }
