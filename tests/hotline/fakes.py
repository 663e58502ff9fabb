"""Stand-ins for the registries and referrals apps while they are not installed.

Switch to the real apps (see docs/hotline.md) by deleting the monkeypatching fixtures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from palermo.hotline import referral_handover, registry_check


@dataclass(frozen=True)
class LicenceFact:
    kind: str
    number: str
    status: str
    valid_from: date
    valid_until: date | None


@dataclass(frozen=True)
class ListFact:
    stage: str
    country: str
    ruling_on: date | None
    listed_on: date | None


@dataclass
class FakeResult:
    """Shaped like ``palermo.registries.services.AgencyCheckResult``."""

    name: str
    taxpayer_number: str
    licences: list[LicenceFact] = field(default_factory=list)
    listings: list[ListFact] = field(default_factory=list)
    verdict: str = "not_licensed"


LICENSED = FakeResult(
    "Work Abroad Plus LLC", "190000001",
    [LicenceFact("employment_abroad", "L-2024-0042", "active", date(2024, 1, 15), date(2029, 1, 14))],
    verdict="licensed",
)  # fmt: skip
LISTED = FakeResult(
    "Golden Horizons Ltd", "190000002",
    listings=[ListFact("listed", "BY", date(2023, 4, 28), date(2023, 5, 10))],
    verdict="on_list",
)  # fmt: skip
# Suspended by the Prosecutor General, not (yet) ruled by the Supreme Court: never public.
SUSPENDED = FakeResult(
    "Secret Suspended Recruiting", "190000003",
    listings=[ListFact("suspended", "BY", None, None)],
    verdict="under_proceedings",
)  # fmt: skip

REGISTRY = [LICENSED, LISTED, SUSPENDED]


@dataclass(frozen=True)
class PublishedOrganisation:
    name: str
    registration_number: str
    country: str
    ruling_on: date
    listed_on: date


class FakeRegistries:
    def __init__(self) -> None:
        self.calls: list[tuple[str, bool]] = []

    def check_agency(self, query: str, *, public: bool) -> list[FakeResult]:
        self.calls.append((query, public))
        q = query.lower()
        found = [
            r
            for r in REGISTRY
            if q in r.name.lower()
            or q == r.taxpayer_number
            or any(q == f.number.lower() for f in r.licences)
        ]
        return [r for r in found if r.verdict != "under_proceedings"] if public else found

    def published_organisations(self) -> list[PublishedOrganisation]:
        return [
            PublishedOrganisation(r.name, r.taxpayer_number, "BY", f.ruling_on, f.listed_on)  # type: ignore[arg-type]
            for r in REGISTRY
            for f in r.listings
            if f.stage == "listed"
        ]


@pytest.fixture
def fake_registries(monkeypatch: pytest.MonkeyPatch) -> FakeRegistries:
    fake = FakeRegistries()
    monkeypatch.setattr(registry_check, "_registries", lambda: fake)
    return fake


class FakeReferrals:
    """Shaped like ``palermo.referrals.services`` (the parts the hotline uses)."""

    def __init__(self) -> None:
        self.created: list[dict[str, object]] = []

    @dataclass
    class ReferralInput:
        to_agency_id: int | None = None
        services: list[str] = field(default_factory=list)
        urgency: str = "routine"
        details: str = ""
        share: list[str] = field(default_factory=list)

    def offered_services(self, agency: object, region: str = "") -> set[str]:
        return {"legal", "psychological_help"}

    def do_send_referral(self, *, actor: object, case: object, data: ReferralInput) -> object:
        self.created.append({"actor": actor, "case": case, "data": data})

        @dataclass
        class Referral:
            reference: str
            pk: int

        return Referral(f"REF-{len(self.created)}", len(self.created))


@pytest.fixture
def fake_referrals(monkeypatch: pytest.MonkeyPatch) -> FakeReferrals:
    fake = FakeReferrals()
    monkeypatch.setattr(referral_handover, "_referrals", lambda: fake)
    return fake


@pytest.fixture
def no_referrals_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(referral_handover, "_referrals", lambda: None)
