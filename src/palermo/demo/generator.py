"""Realistic synthetic cases, deterministic for a seed.

Distributions follow the seed documents: about three quarters sexual exploitation and a quarter
forced labour (591 victims in 2009: 458 / 133), about 62 % women and 17 % minors, Russia the main
country of exploitation (52 of 91 in 2019), then Poland, Germany, Lithuania, Turkey, the UAE...
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from palermo.accounts.actor import Actor, actor_for_membership
from palermo.accounts.models import Agency, Membership, User
from palermo.accounts.services import do_add_membership, do_create_user
from palermo.cases.access_parts import can_decide_status
from palermo.cases.models import Case
from palermo.cases.services import CaseInput, do_register_case
from palermo.cases.services.decisions import DecisionInput, do_decide_status
from palermo.cases.vocab import ExploitationForm, IdentificationMethod, TraffickingStatus
from palermo.demo import population
from palermo.demo.personas import DEMO_PASSWORD, ensure_catalogue_agencies, ensure_personas
from palermo.jurisdictions.pack import get_pack
from palermo.people.services import PersonInput
from palermo.people.vocab import CitizenshipStatus, Gender
from palermo.referrals.demo import ensure_service_directory

Weighted = list[tuple[str, float]]

ADULT_FORMS: Weighted = [
    (ExploitationForm.SEXUAL_EXPLOITATION, 55), (ExploitationForm.FORCED_LABOUR, 30),
    (ExploitationForm.FORCED_BEGGING, 4), (ExploitationForm.SLAVE_LABOUR, 4),
    (ExploitationForm.FORCED_CRIMINALITY, 2), (ExploitationForm.FORCED_MARRIAGE, 2),
    (ExploitationForm.ORGAN_REMOVAL, 1), (ExploitationForm.OTHER, 2),
]  # fmt: skip
MINOR_FORMS: Weighted = [
    (ExploitationForm.SEXUAL_EXPLOITATION, 60), (ExploitationForm.CHILD_SEXUAL_ABUSE_MATERIAL, 15),
    (ExploitationForm.FORCED_LABOUR, 12), (ExploitationForm.FORCED_BEGGING, 8),
    (ExploitationForm.ILLEGAL_ADOPTION, 5),
]  # fmt: skip
EXPLOITATION_COUNTRIES: Weighted = [
    ("RU", 55), ("BY", 8), ("PL", 8), ("DE", 7), ("LT", 4), ("TR", 4), ("AE", 3), ("CZ", 3),
    ("IL", 2), ("LV", 2), ("AT", 1), ("NL", 1), ("EG", 1), ("UA", 1),
]  # fmt: skip
CITIZENSHIPS: Weighted = [("BY", 90), ("UA", 3), ("RU", 2), ("VN", 1), ("GE", 1), ("PK", 1)]
METHODS: Weighted = [
    (IdentificationMethod.LAW_ENFORCEMENT_OPERATION, 45), (IdentificationMethod.BORDER_CHECK, 8),
    (IdentificationMethod.SELF_REFERRAL, 10), (IdentificationMethod.HOTLINE, 8),
    (IdentificationMethod.NGO_OUTREACH, 12), (IdentificationMethod.CONSULAR, 6),
    (IdentificationMethod.FOREIGN_AUTHORITY, 5), (IdentificationMethod.LABOUR_INSPECTION, 2),
    (IdentificationMethod.HEALTH_SERVICE, 2), (IdentificationMethod.FAMILY_OR_COMMUNITY, 2),
]  # fmt: skip
# Share of cases registered per region (roughly by population).
REGIONS: Weighted = [
    ("BY-HM", 25), ("BY-MI", 14), ("BY-HO", 14), ("BY-BR", 13), ("BY-VI", 12), ("BY-HR", 11), ("BY-MA", 11),
]  # fmt: skip
# Status decisions: most are taken, a few late; a few cases still wait past the due date.
DECIDED_SHARE = 0.93  # of the cases whose decision is due by today
DECIDED_EARLY_SHARE = 0.35  # of the cases still within the term
RECOGNISED_SHARE = 0.85  # of the decisions: recognised as a victim (the rest: not a victim)
DECISION_DAYS = (3, 18)  # calendar days from identification to decision (10 working days due)
NGO_SHARE = (
    0.2  # NGOs identify a good part of the victims (seed 001: 59 of 62 labour cases in 2019)
)


def _pick(rng: random.Random, weighted: Weighted) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


@dataclass
class Registrars:
    """One staff member per agency that registers cases (agencies act through their staff)."""

    by_agency: dict[int, Actor]

    def for_agency(self, agency: Agency) -> Actor:
        if agency.pk not in self.by_agency:
            username = f"staff_{agency.catalogue_code or agency.pk}".replace("-", "_")[:150]
            user = User.objects.filter(username=username).first() or do_create_user(
                actor=None, username=username, password=DEMO_PASSWORD
            )
            membership = Membership.objects.filter(
                user=user, agency=agency
            ).first() or do_add_membership(actor=None, user=user, agency=agency, role="case_worker")
            self.by_agency[agency.pk] = actor_for_membership(membership)
        return self.by_agency[agency.pk]


def _person(rng: random.Random, identified_on: date) -> tuple[PersonInput, bool]:
    female = rng.random() < 0.62
    minor = rng.random() < 0.17
    belarusian = rng.random() < 0.5
    drawn = population.draw_name(rng, female=female, belarusian=belarusian)
    age = rng.randint(12, 17) if minor else min(65, 18 + int(rng.expovariate(1 / 10)))
    born = identified_on - timedelta(days=age * 365 + rng.randint(0, 364))
    status_roll = rng.random()
    citizenship = _pick(rng, CITIZENSHIPS)
    citizenship_status = CitizenshipStatus.CITIZEN
    if status_roll < 0.01:
        citizenship_status, citizenship = CitizenshipStatus.STATELESS, ""
    elif status_roll < 0.02:
        citizenship_status, citizenship = CitizenshipStatus.UNKNOWN, ""
    person = PersonInput(
        family_name=drawn.family_name,
        given_name=drawn.given_name,
        patronymic=drawn.patronymic,
        family_name_latin=drawn.family_name_latin,
        given_name_latin=drawn.given_name_latin,
        date_of_birth=born if rng.random() > 0.05 else None,
        gender=Gender.FEMALE if female else Gender.MALE,
        citizenship_status=citizenship_status,
        citizenship=citizenship,
    )
    return person, minor


def _case(rng: random.Random, identified_on: date, minor: bool, region: str) -> CaseInput:
    forms = {_pick(rng, MINOR_FORMS if minor else ADULT_FORMS)}
    if rng.random() < 0.08:
        forms.add(_pick(rng, ADULT_FORMS))
    country = _pick(rng, EXPLOITATION_COUNTRIES)
    started = identified_on - timedelta(days=rng.randint(20, 700))
    ended = started + timedelta(days=rng.randint(7, max(8, (identified_on - started).days)))
    return CaseInput(
        identification_method=_pick(rng, METHODS),
        region=region,
        country_of_recruitment="BY" if rng.random() < 0.92 else country,
        country_of_exploitation=country,
        identified_on=identified_on,
        exploitation_started_on=started,
        exploitation_ended_on=min(ended, identified_on),
        exploitation_forms=sorted(forms),
        narrative="Synthetic case for demonstration. Recruited through an offer of work abroad.",
    )


def _owning_agency(rng: random.Random, region: str) -> Agency:
    if rng.random() < NGO_SHARE:
        ngos = list(Agency.objects.filter(kind="ngo", region=region).order_by("id"))
        if ngos:
            return rng.choice(ngos)
    unit = Agency.objects.filter(kind="ct_unit", region=region).order_by("id").first()
    if unit is None:
        raise LookupError(f"the jurisdiction pack has no counter-trafficking unit in {region}")
    return unit


def generate(*, seed: int, cases: int, today: date | None = None) -> list[Case]:
    """Personas, the pack's agencies and `cases` synthetic cases; the same seed gives the same data.

    Each case is its own transaction (as when people register them): one long transaction would
    hold the audit chain's head row locked and, on PostgreSQL, slow down with every event.
    """
    rng = random.Random(seed)
    today = today or timezone.localdate()
    ensure_catalogue_agencies()
    ensure_service_directory()
    ensure_personas()
    registrars = Registrars(by_agency={})
    created = []
    for _ in range(cases):
        identified_on = today - timedelta(days=rng.randint(0, 3 * 365))
        region = _pick(rng, REGIONS)
        person, minor = _person(rng, identified_on)
        case = _case(rng, identified_on, minor, region)
        actor = registrars.for_agency(_owning_agency(rng, region))
        registered = do_register_case(actor=actor, person=person, case=case)
        _maybe_decide(rng, actor, registered, today)
        created.append(registered)
    return created


def _maybe_decide(rng: random.Random, actor: Actor, case: Case, today: date) -> None:
    """The competent body's decision on the presumed victim's status, as most cases have one.

    Cases an NGO owns wait: an NGO is no competent body, and the demo does not hand them over.
    """
    rules = get_pack().status_decisions
    if rules is None or not can_decide_status(actor, case):
        return
    share = DECIDED_SHARE if case.status_decision_due_on < today else DECIDED_EARLY_SHARE
    if rng.random() >= share:
        return
    decided_on = min(case.identified_on + timedelta(days=rng.randint(*DECISION_DAYS)), today)
    outcome = (
        TraffickingStatus.ACTUAL
        if rng.random() < RECOGNISED_SHARE
        else TraffickingStatus.NOT_A_VICTIM
    )
    bases = rules.bases_for(outcome)
    do_decide_status(
        actor=actor,
        case=case,
        data=DecisionInput(
            outcome=outcome,
            legal_basis=rng.choice(bases).key,
            decided_on=decided_on,
            reasons="Synthetic decision for demonstration, on the officer's interview and the case file.",
        ),
        expected_status=case.trafficking_status,
    )
