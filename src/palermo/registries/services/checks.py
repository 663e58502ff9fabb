"""Checking an agency: is it licensed, is it on the list of organisations involved in
trafficking? Used by the hotline (a caller asks about an agency) and by the public portal."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from palermo.registries.models import InvolvedOrganisation, Licence
from palermo.registries.search import fold
from palermo.registries.services.organisations import published_queryset
from palermo.registries.vocab import EXPIRED, LicenceKind, LicenceStatus, OrganisationStage

MIN_NAME_QUERY = 3
MAX_RESULTS = 50

# Verdicts, most serious first.
ON_LIST = "on_list"  # recognised by the Supreme Court and listed (published)
UNDER_PROCEEDINGS = "under_proceedings"  # suspended / before the court / recognised: internal only
LICENSED = "licensed"
NOT_LICENSED = "not_licensed"  # known, but no licence valid today


@dataclass(frozen=True)
class LicenceFact:
    kind: str
    number: str
    status: str  # active, suspended, revoked or expired
    valid_from: date
    valid_until: date | None


@dataclass(frozen=True)
class ListFact:
    stage: str
    country: str
    ruling_on: date | None
    listed_on: date | None


@dataclass
class AgencyCheckResult:
    name: str
    taxpayer_number: str
    licences: list[LicenceFact] = field(default_factory=list)
    listings: list[ListFact] = field(default_factory=list)

    @property
    def licensed(self) -> bool:
        return any(f.status == LicenceStatus.ACTIVE for f in self.licences)

    @property
    def on_list(self) -> bool:
        return any(
            f.stage in (OrganisationStage.LISTED, OrganisationStage.LIQUIDATED)
            for f in self.listings
        )

    @property
    def verdict(self) -> str:
        if self.on_list:
            return ON_LIST
        if self.listings:
            return UNDER_PROCEEDINGS
        return LICENSED if self.licensed else NOT_LICENSED


def check_agency(
    query: str, *, public: bool = False, today: date | None = None
) -> list[AgencyCheckResult]:
    """Licence holders and listed organisations matching a name, taxpayer number or licence
    number, grouped by holder. ``public=True`` limits the answer to published data: licences
    for employment abroad and organisations recognised by the court and included in the list.
    """
    today = today or timezone.localdate()
    query = " ".join((query or "").split())
    compact = query.replace(" ", "")
    if not query:
        return []
    by_number = re.fullmatch(r"[\w\-/.]+", compact) is not None and any(
        c.isdigit() for c in compact
    )
    if len(query) < MIN_NAME_QUERY and not by_number:
        return []

    licence_q = Q(name_key__contains=fold(query))
    org_q = Q(name_key__contains=fold(query))
    if by_number:
        licence_q |= Q(taxpayer_number=compact) | Q(number__iexact=compact)
        org_q |= Q(registration_number=compact)
    licences = Licence.objects.filter(licence_q)
    organisations = InvolvedOrganisation.objects.filter(org_q)
    if public:
        licences = licences.filter(kind=LicenceKind.EMPLOYMENT_ABROAD)
        organisations = organisations.filter(pk__in=published_queryset().values("pk"))
    else:
        organisations = organisations.exclude(stage=OrganisationStage.REJECTED)

    results: dict[str, AgencyCheckResult] = {}

    def holder(name: str, number: str) -> AgencyCheckResult:
        key = number or f"name:{name.casefold()}"
        if key not in results:
            results[key] = AgencyCheckResult(name=name, taxpayer_number=number)
        return results[key]

    for lic in licences.order_by("holder_name", "number")[:MAX_RESULTS]:
        status = lic.effective_status(today)
        if status == LicenceStatus.ACTIVE and not lic.is_valid_on(today):
            status = EXPIRED if lic.valid_until and lic.valid_until < today else status
        holder(lic.holder_name, lic.taxpayer_number).licences.append(
            LicenceFact(lic.kind, lic.number, status, lic.valid_from, lic.valid_until)
        )
    for org in organisations.order_by("name", "id")[:MAX_RESULTS]:
        holder(org.name, org.registration_number).listings.append(
            ListFact(
                org.stage,
                str(org.country),
                org.ruling_on,
                org.listed_on if org.listed_on else None,
            )
        )
    return sorted(results.values(), key=lambda r: (r.verdict != ON_LIST, r.name.casefold()))
