"""Fixtures of the referral tests: consent under the test's control, the service directory, an
agency administrator, a referral of the Minsk officer's case to the Gomel NGO."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from palermo.accounts.actor import Actor, actor_for_membership
from palermo.accounts.models import Membership
from palermo.accounts.services import do_add_membership, do_create_user
from palermo.cases.models import Case
from palermo.referrals import consent as consent_adapter
from palermo.referrals.demo import ensure_service_directory
from palermo.referrals.models import Referral
from palermo.referrals.services import ReferralInput, do_send_referral

# The adapter's own look-up of palermo.cases' consent_covers, before the tests replace it.
REAL_CONSENT_PROVIDER = consent_adapter._provider


class ConsentSwitch:
    """Stands in for palermo.cases.consent: covers every case unless a test withdraws it."""

    def __init__(self) -> None:
        self.withdrawn: set[int] = set()

    def __call__(self, case: Case, purpose: str) -> bool:
        return case.pk not in self.withdrawn

    def withdraw(self, case: Case) -> None:
        self.withdrawn.add(case.pk)

    def give(self, case: Case) -> None:
        self.withdrawn.discard(case.pk)


@pytest.fixture(autouse=True)
def consent(monkeypatch: pytest.MonkeyPatch) -> ConsentSwitch:
    switch = ConsentSwitch()
    monkeypatch.setattr(consent_adapter, "_provider", lambda: switch)
    return switch


@pytest.fixture
def directory(personas: dict[str, Membership]) -> None:
    ensure_service_directory()


@pytest.fixture
def agency_admin(personas: dict[str, Membership]) -> Membership:
    """An administrator of the Minsk-city CT unit (the agency that owns minsk_case)."""
    user = do_create_user(actor=None, username="admin_minsk_ct", password="persona-password-1")
    return do_add_membership(
        actor=None, user=user, agency=personas["officer_minsk"].agency, role="agency_admin"
    )


@pytest.fixture
def gomel_agency(personas: dict[str, Membership]):
    return personas["caseworker_gomel"].agency


def referral_input(to_agency_id: int, **overrides: object) -> ReferralInput:
    values: dict[str, object] = {
        "to_agency_id": to_agency_id,
        "services": ["psychological_help", "legal"],
        "reason": "additional_services_required",
        "urgency": "routine",
        "details": "Needs a lawyer before the trial; speaks Russian only.",
        "share": ["identity", "narrative", "exploitation"],
    }
    values.update(overrides)
    return ReferralInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def referral(
    actor: Callable[[str], Actor], minsk_case: Case, directory: None, gomel_agency
) -> Referral:
    """The Minsk officer refers minsk_case to the Gomel NGO (awaiting its answer)."""
    return do_send_referral(
        actor=actor("officer_minsk"), case=minsk_case, data=referral_input(gomel_agency.pk)
    )


@pytest.fixture
def admin_actor(agency_admin: Membership) -> Actor:
    return actor_for_membership(agency_admin)
