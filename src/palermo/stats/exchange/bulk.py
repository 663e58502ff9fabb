"""``palermo generate --bulk``: a realistic national history written fast, for benchmarks.

The same distributions as the demo generator (demo/generator.py: forms of exploitation, countries,
citizenships, regions, the NGOs' share, sex and age), spread over years of identifications, with
services delivered and referrals to NGOs and shelters. Rows are written with ``bulk_create`` in
chunks, bypassing the per-case services on purpose: a million cases through ``do_register_case``
would take hours and a million audit events. The whole run is one audit event, and everything it
writes is marked synthetic: the references start with ``SYN`` and the run's record
(:class:`SyntheticRun`) keeps the range of case ids.

What the fast path leaves out: the persons have Latin names but no name or match keys (name
search and the duplicate check do not find them), no date of birth (their age at identification
is set), no consent and no narrative.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import cast

from django.db import connection, transaction
from django.utils import timezone

from palermo.accounts.models import Agency
from palermo.cases.models import Case, CaseExploitation
from palermo.cases.vocab import CaseStatus, TraffickingStatus
from palermo.demo import names
from palermo.demo.generator import (
    ADULT_FORMS,
    CITIZENSHIPS,
    EXPLOITATION_COUNTRIES,
    METHODS,
    MINOR_FORMS,
    NGO_SHARE,
    REGIONS,
    Weighted,
)
from palermo.demo.personas import ensure_catalogue_agencies
from palermo.jurisdictions.pack import get_pack
from palermo.people.models import Person
from palermo.people.vocab import CitizenshipStatus, Gender
from palermo.referrals.models import Referral, ReferralService, ServiceDelivery
from palermo.referrals.vocab import ReferralReason, ReferralStatus
from palermo.stats.exchange.fastinsert import Inserter
from palermo.stats.exchange.models import SyntheticRun

SYNTHETIC_PREFIX = "SYN"
CHUNK = 5000
YEARS = 15
# Services an assisted victim typically receives (built-in HTCDS support types).
SERVICES: Weighted = [
    ("social_care", 30), ("health", 25), ("legal", 20), ("financial", 10), ("livelihood", 8),
    ("education", 4), ("sexual_exploitation_rehabilitation", 3),
]  # fmt: skip
REFERRAL_SHARE = 0.3
PERSON_FIELDS = (
    "reference", "family_name_latin", "given_name_latin", "gender", "citizenship_status",
    "citizenship", "registered_by", "created_at", "updated_at",
)  # fmt: skip
CASE_FIELDS = (
    "reference", "person", "owning_agency", "identifying_agency", "identification_method",
    "trafficking_status", "status", "closed_on", "region", "country_of_recruitment",
    "country_of_exploitation", "identified_on", "exploitation_started_on",
    "exploitation_ended_on", "age_at_identification", "is_minor", "created_at", "updated_at",
)  # fmt: skip
REFERRAL_FIELDS = (
    "reference", "case", "from_agency", "to_agency", "reason", "status", "sent_on", "sent_at",
    "due_on", "response_working_days", "deadline_basis", "answered_at", "completed_at",
)  # fmt: skip


class _Picker:
    """Weighted choice with the cumulative weights computed once (random.choices per call would
    rebuild them a million times)."""

    def __init__(self, rng: random.Random, weighted: Weighted) -> None:
        self.rng = rng
        self.values = [v for v, _w in weighted]
        total = 0.0
        self.cumulative = []
        for _v, weight in weighted:
            total += weight
            self.cumulative.append(total)

    def __call__(self) -> str:
        return self.rng.choices(self.values, cum_weights=self.cumulative, k=1)[0]


@dataclass
class _Agencies:
    ct_units: dict[str, Agency]
    ngos: dict[str, list[Agency]]
    receivers: list[Agency]  # NGOs and shelter operators that take referrals

    def owner(self, rng: random.Random, region: str) -> Agency:
        ngos = self.ngos.get(region)
        if ngos and rng.random() < NGO_SHARE:
            return rng.choice(ngos)
        return self.ct_units[region]


def _agencies() -> _Agencies:
    ensure_catalogue_agencies()
    units = {a.region: a for a in Agency.objects.filter(kind="ct_unit").order_by("-id")}
    ngos: dict[str, list[Agency]] = {}
    for agency in Agency.objects.filter(kind="ngo", catalogue_code__isnull=False).order_by("id"):
        ngos.setdefault(agency.region, []).append(agency)
    receivers = list(
        Agency.objects.filter(
            kind__in=("ngo", "shelter_operator"), catalogue_code__isnull=False
        ).order_by("id")
    )
    missing = [code for code, _w in REGIONS if code not in units]
    if missing:
        raise LookupError(f"the jurisdiction pack has no counter-trafficking unit in {missing}")
    return _Agencies(units, ngos, receivers)


@dataclass
class BulkResult:
    run: SyntheticRun
    persons: int
    cases: int
    services: int
    referrals: int


class _Writer:
    """Builds and writes one chunk of persons with their cases, forms, services and referrals."""

    def __init__(self, rng: random.Random, run: SyntheticRun, today: date) -> None:
        self.rng = rng
        self.run = run
        self.today = today
        self.agencies = _agencies()
        self.pick_adult = _Picker(rng, ADULT_FORMS)
        self.pick_minor = _Picker(rng, MINOR_FORMS)
        self.pick_country = _Picker(rng, EXPLOITATION_COUNTRIES)
        self.pick_citizenship = _Picker(rng, CITIZENSHIPS)
        self.pick_method = _Picker(rng, METHODS)
        self.pick_region = _Picker(rng, REGIONS)
        self.pick_service = _Picker(rng, SERVICES)
        pack = get_pack()
        deadline = pack.deadline("referral_response")
        self.deadline_days = deadline.working_days
        self.deadline_basis = deadline.legal_basis.citation
        self.first_year = today.year - YEARS + 1
        self.number = 0
        self.chunks = 0
        self.encrypt_family = Person._meta.get_field("family_name_latin").get_prep_value
        self.encrypt_given = Person._meta.get_field("given_name_latin").get_prep_value
        self.person_rows = Inserter(Person, PERSON_FIELDS)
        self.case_rows = Inserter(Case, CASE_FIELDS)
        self.form_rows = Inserter(CaseExploitation, ("case", "form"))
        self.delivery_rows = Inserter(
            ServiceDelivery, ("case", "service_type", "delivered_on", "agency", "created_at")
        )
        self.referral_rows = Inserter(Referral, REFERRAL_FIELDS)
        self.referral_service_rows = Inserter(ReferralService, ("referral", "service_type"))

    def _day(self) -> date:
        # More identifications in recent years, as the mechanism matured (seed 001: 591 in 2009,
        # 128 confirmed in 2020 with a growing share identified by NGOs).
        year = self.first_year + min(YEARS - 1, int(YEARS * self.rng.random() ** 0.8))
        start = date(year, 1, 1)
        last = min(date(year, 12, 31), self.today)
        return start + timedelta(days=self.rng.randint(0, (last - start).days))

    def _ids(
        self, model: type[Person] | type[Case] | type[Referral], prefix: str
    ) -> dict[str, int]:
        """Reference -> id of the rows just written (their references share the chunk's prefix)."""
        rows = model.objects.filter(reference__startswith=prefix).values_list("reference", "id")
        return dict(rows)

    def chunk(self, size: int) -> tuple[int, int, int, int]:
        rng = self.rng
        self.chunks += 1
        prefix = f"{SYNTHETIC_PREFIX}{self.run.pk}-{self.chunks}-"
        persons: list[dict[str, object]] = []
        plans = []
        for _ in range(size):
            self.number += 1
            identified_on = self._day()
            female = rng.random() < 0.62
            minor = rng.random() < 0.17
            age = rng.randint(6, 17) if minor else min(70, 18 + int(rng.expovariate(1 / 10)))
            family = rng.choice(names.BELARUSIAN_FAMILY)
            given = rng.choice(
                names.BELARUSIAN_FEMALE_GIVEN if female else names.BELARUSIAN_MALE_GIVEN
            )
            roll = rng.random()
            citizenship, status = self.pick_citizenship(), CitizenshipStatus.CITIZEN
            if roll < 0.01:
                citizenship, status = "", CitizenshipStatus.STATELESS
            elif roll < 0.02:
                citizenship, status = "", CitizenshipStatus.UNKNOWN
            region = self.pick_region()
            owner = self.agencies.owner(rng, region)
            reference = f"{prefix}{self.number:07d}"
            created = timezone.make_aware(datetime.combine(identified_on, clock(10)))
            persons.append(
                {
                    "reference": reference,
                    "family_name_latin": self.encrypt_family(family[3] if female else family[1]),
                    "given_name_latin": self.encrypt_given(given[1]),
                    "gender": Gender.FEMALE if female else Gender.MALE,
                    "citizenship_status": status,
                    "citizenship": citizenship,
                    "registered_by": owner.pk,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            plans.append((reference, identified_on, age, minor, region, owner.pk, created))
        self.person_rows.insert(persons)
        person_ids = self._ids(Person, prefix)
        cases: list[dict[str, object]] = []
        form_rows: list[tuple[str, str]] = []
        for reference, identified_on, age, minor, region, owner_id, created in plans:
            forms = {self.pick_minor() if minor else self.pick_adult()}
            if rng.random() < 0.08:
                forms.add(self.pick_adult())
            country = self.pick_country()
            years_ago = self.today.year - identified_on.year
            recognised = rng.random() < (0.85 if years_ago >= 1 else 0.4)
            closed = years_ago >= 2 and rng.random() < 0.9
            started = identified_on - timedelta(days=rng.randint(20, 700))
            case_reference = f"{reference}/1"
            form_rows += [(case_reference, form) for form in sorted(forms)]
            cases.append(
                {
                    "reference": case_reference,
                    "person": person_ids[reference],
                    "owning_agency": owner_id,
                    "identifying_agency": owner_id,
                    "identification_method": self.pick_method(),
                    "trafficking_status": TraffickingStatus.ACTUAL
                    if recognised
                    else TraffickingStatus.POSSIBLE,
                    "status": CaseStatus.CLOSED if closed else CaseStatus.ACTIVE,
                    "closed_on": min(
                        self.today, identified_on + timedelta(days=rng.randint(60, 500))
                    )
                    if closed
                    else None,
                    "region": region,
                    "country_of_recruitment": "BY" if rng.random() < 0.92 else country,
                    "country_of_exploitation": country,
                    "identified_on": identified_on,
                    "exploitation_started_on": started,
                    "exploitation_ended_on": min(identified_on, started + timedelta(days=90)),
                    "age_at_identification": age,
                    "is_minor": minor,
                    "created_at": created,
                    "updated_at": created,
                }
            )
        self.case_rows.insert(cases)
        case_ids = self._ids(Case, prefix)
        self.form_rows.insert({"case": case_ids[ref], "form": form} for ref, form in form_rows)
        for case in cases:
            case["id"] = case_ids[str(case["reference"])]
        referrals, deliveries = self._assistance(cases, prefix)
        return len(persons), len(cases), deliveries, referrals

    def _assistance(self, cases: list[dict[str, object]], prefix: str) -> tuple[int, int]:
        rng = self.rng
        referrals: list[dict[str, object]] = []
        wanted: dict[str, str] = {}
        deliveries: list[dict[str, object]] = []
        for case in cases:
            identified_on = cast(date, case["identified_on"])
            closed = case["status"] == CaseStatus.CLOSED
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                delivered = identified_on + timedelta(days=rng.randint(0, 120))
                deliveries.append(
                    {
                        "case": case["id"],
                        "service_type": self.pick_service(),
                        "delivered_on": min(delivered, self.today),
                        "agency": case["owning_agency"],
                        "created_at": case["created_at"],
                    }
                )
            if not self.agencies.receivers or rng.random() >= REFERRAL_SHARE:
                continue
            to = rng.choice(self.agencies.receivers)
            if to.pk == case["owning_agency"]:
                continue
            sent = min(self.today, identified_on + timedelta(days=rng.randint(0, 20)))
            sent_at = timezone.make_aware(datetime.combine(sent, clock(11)))
            answered = sent_at + timedelta(days=rng.randint(0, 8))
            reference = f"{case['reference']}-R1"
            wanted[reference] = self.pick_service()
            referrals.append(
                {
                    "reference": reference,
                    "case": case["id"],
                    "from_agency": case["owning_agency"],
                    "to_agency": to.pk,
                    "reason": ReferralReason.ADDITIONAL_SERVICES,
                    "status": ReferralStatus.COMPLETED if closed else ReferralStatus.ACCEPTED,
                    "sent_on": sent,
                    "sent_at": sent_at,
                    "due_on": sent + timedelta(days=self.deadline_days + 4),
                    "response_working_days": self.deadline_days,
                    "deadline_basis": self.deadline_basis,
                    "answered_at": answered,
                    "completed_at": answered + timedelta(days=60) if closed else None,
                }
            )
        self.referral_rows.insert(referrals)
        referral_ids = self._ids(Referral, prefix)
        self.referral_service_rows.insert(
            {"referral": referral_ids[ref], "service_type": code} for ref, code in wanted.items()
        )
        self.delivery_rows.insert(deliveries)
        return len(referrals), len(deliveries)


def _analyse() -> None:
    """Refreshes the planner's statistics after a bulk load. Without them PostgreSQL estimates
    a year of 80,000 cases at a few hundred rows and picks nested loops that make the
    statistics figures several times slower (autovacuum would catch up, minutes later)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Case, Person, CaseExploitation, ServiceDelivery, Referral):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def generate_bulk(
    *,
    run: SyntheticRun,
    cases: int,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> BulkResult:
    """Writes ``cases`` synthetic persons and cases (one case each) in chunks; each chunk is its
    own transaction, so memory stays flat and an interrupted run keeps whole chunks only."""
    rng = random.Random(run.seed)  # noqa: S311  (synthetic data, reproducible by seed)
    writer = _Writer(rng, run, today or timezone.localdate())
    started = time.perf_counter()
    totals = [0, 0, 0, 0]
    first_id = last_id = None
    done = 0
    while done < cases:
        size = min(CHUNK, cases - done)
        with transaction.atomic():
            counts = writer.chunk(size)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        done += size
        if progress:
            progress(done)
    if cases:
        _analyse()
        ids = Case.objects.filter(reference__startswith=f"{SYNTHETIC_PREFIX}{run.pk}-")
        first_id = ids.order_by("id").values_list("id", flat=True).first()
        last_id = ids.order_by("-id").values_list("id", flat=True).first()
    run.persons, run.cases = totals[0], totals[1]
    run.first_case_id, run.last_case_id = first_id, last_id
    run.seconds = round(time.perf_counter() - started, 2)
    return BulkResult(run, totals[0], totals[1], totals[2], totals[3])
