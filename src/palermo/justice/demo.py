"""Demo criminal proceedings: a few proceedings of the Investigative Committee with Belarusian and
foreign victims of the Minsk CT unit's demo cases, measures, legal assistance, a verdict.

Called by the demo command after the synthetic cases exist:
``seed_proceedings(officer=<officer_minsk actor>, investigator=<investigator actor>)``.
Every change goes through the services (consent, referral to the Committee, linking ...).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from palermo.accounts.actor import Actor
from palermo.cases import services as cases_services
from palermo.cases.access import cases_for
from palermo.cases.models import Case
from palermo.justice.models import Participant, Proceedings
from palermo.justice.services import (
    AssistanceInput,
    LegalPersonInput,
    MeasureInput,
    ParticipantInput,
    ProceedingsInput,
    SuspectInput,
    do_add_legal_person,
    do_add_suspect,
    do_apply_measure,
    do_change_stage,
    do_link_participant,
    do_open_proceedings,
    do_record_legal_assistance,
)
from palermo.people.services import PersonInput
from palermo.referrals.demo import ensure_service_directory
from palermo.referrals.services import ReferralInput, do_accept_referral, do_send_referral

CHECKLIST = (
    "purpose_explained", "uses_explained", "research_use_explained", "right_of_access_explained",
    "retention_explained", "withdrawal_explained",
)  # fmt: skip


def _hand_over(officer: Actor, investigator: Actor, case: Case, today: date) -> Case:
    """The person agrees to sharing (unless a shelter's referral already asked); the CT unit
    refers the case to the Committee."""
    if not cases_services.consent_covers(case, "sharing_with_referral_agencies"):
        cases_services.do_record_consent(
            actor=officer,
            case=case,
            data=cases_services.ConsentInput(
                purpose="sharing_with_referral_agencies",
                given_on=today,
                **dict.fromkeys(CHECKLIST, True),  # type: ignore[arg-type]
            ),
        )
    assert investigator.agency is not None  # noqa: S101
    referral = do_send_referral(
        actor=officer,
        case=case,
        data=ReferralInput(
            to_agency_id=investigator.agency.pk,
            services=["protection"],
            reason="additional_services_required",
            urgency="routine",
            details="Materials for the criminal proceedings; the victim agrees to testify.",
            share=["identity", "narrative", "exploitation"],
        ),
    )
    do_accept_referral(actor=investigator, referral=referral)
    return case


def _demo_cases(officer: Actor) -> tuple[list[Case], list[Case]]:
    adults = (
        cases_for(officer)
        .filter(owning_agency=officer.agency, is_minor=False, status="active")
        .order_by("id")
    )
    foreign = list(adults.exclude(person__citizenship="BY").filter(
        Q(person__citizenship_status="stateless") | ~Q(person__citizenship=""))[:2])  # fmt: skip
    local = list(adults.filter(person__citizenship="BY")[:2])
    return foreign, local


def seed_proceedings(
    *, officer: Actor, investigator: Actor, today: date | None = None
) -> list[Proceedings]:
    if Proceedings.objects.exists():
        return []
    today = today or timezone.localdate()
    ensure_service_directory()
    foreign, local = _demo_cases(officer)
    for case in [*foreign, *local]:
        _hand_over(officer, investigator, case, today)
    opened = today - timedelta(days=120)
    first = do_open_proceedings(
        actor=investigator,
        data=ProceedingsInput(
            number="12602000012",
            opened_on=opened,
            offence_date=opened - timedelta(days=200),
            articles=["cc_181"],
            stage="investigation",
            summary="Recruitment of women through a tourist agency for sexual exploitation abroad.",
        ),
    )
    second = do_open_proceedings(
        actor=investigator,
        data=ProceedingsInput(
            number="12602000047",
            opened_on=opened + timedelta(days=30),
            articles=["cc_181_1", "cc_183"],
            stage="investigation",
            summary="Men held on a construction site and forced to work without pay.",
        ),
    )
    third = do_open_proceedings(
        actor=investigator,
        data=ProceedingsInput(
            number="12502000301",
            opened_on=opened - timedelta(days=300),
            articles=["cc_171"],
            stage="investigation",
            summary="A flat used for prostitution; the organiser recruited through a model agency.",
        ),
    )
    linked: list[Participant] = []
    for case in foreign[:1] + local[:1]:
        linked.append(_link(investigator, first, "victim", opened, case=case))
    for case in foreign[1:] + local[1:]:
        linked.append(_link(investigator, second, "victim", opened + timedelta(days=30), case=case))
    _link(
        investigator, second, "witness", opened + timedelta(days=35),
        person=PersonInput(family_name_latin="Rahimov", given_name_latin="Farrukh",
                           gender="male", citizenship_status="citizen", citizenship="UZ"),
    )  # fmt: skip
    witness = _link(
        investigator, third, "assisting", opened - timedelta(days=290),
        person=PersonInput(family_name_latin="Morar", given_name_latin="Ana", gender="female",
                           citizenship_status="stateless"),
    )  # fmt: skip
    for participant in linked:
        do_apply_measure(
            actor=investigator,
            participant=participant,
            data=MeasureInput(kind="safety", starts_on=participant.linked_on,
                              ends_on=today + timedelta(days=60), includes_family=True),
        )  # fmt: skip
        do_apply_measure(
            actor=investigator,
            participant=participant,
            data=MeasureInput(kind="social_protection", starts_on=participant.linked_on),
        )
        do_record_legal_assistance(
            actor=investigator,
            participant=participant,
            data=AssistanceInput(
                given_on=participant.linked_on, assistance=True,
                rights=["legal_assistance", "protection", "confidentiality", "compensation"],
            ),
        )  # fmt: skip
    do_add_suspect(
        actor=investigator, proceedings=first,
        data=SuspectInput(family_name="Шпак", given_name="Дзмітрый", citizenship="BY"),
    )  # fmt: skip
    do_add_legal_person(
        actor=investigator, proceedings=first,
        data=LegalPersonInput(name="Sunny Travel LLC", kind="tourist", taxpayer_number="191000123",
                              country="BY"),
    )  # fmt: skip
    do_add_legal_person(
        actor=investigator, proceedings=third,
        data=LegalPersonInput(name="Star Faces model agency", kind="modelling", country="BY"),
    )  # fmt: skip
    third = do_change_stage(
        actor=investigator, proceedings=third, expected_version=third.version, stage="trial",
        changed_on=opened - timedelta(days=100),
    )  # fmt: skip
    third = do_change_stage(
        actor=investigator, proceedings=third, expected_version=third.version, stage="verdict",
        changed_on=opened - timedelta(days=20),
    )  # fmt: skip
    assert witness.pk  # noqa: S101
    return [first, second, third]


def _link(
    investigator: Actor,
    proceedings: Proceedings,
    role: str,
    on: date,
    *,
    case: Case | None = None,
    person: PersonInput | None = None,
) -> Participant:
    return do_link_participant(
        actor=investigator,
        proceedings=proceedings,
        data=ParticipantInput(role=role, linked_on=on, case=case, person=person),
    )


def seed_liability(
    *, officer: Actor, registrar: Actor, migration: Actor, today: date | None = None
) -> int:
    """Administrative offences under each article of the pack and two Art. 30 decisions, so that
    the offences table of the statistics and the expulsion check show something. Returns the
    number of records made (0 when they exist already)."""
    from decimal import Decimal

    from palermo.justice.models import AdministrativeOffence, ForeignNationalConsequence
    from palermo.justice.services import (
        ConsequenceInput,
        OffenceInput,
        do_record_consequence,
        do_record_offence,
    )

    if AdministrativeOffence.objects.exists() or ForeignNationalConsequence.objects.exists():
        return 0
    today = today or timezone.localdate()
    made = 0
    people = [("Лукашык", "Алег"), ("Сахарава", "Наталля"), ("Ткачук", "Віктар")]
    articles = ["aoc_9_23", "aoc_23_65", "aoc_12_15", "aoc_22_16_p3", "aoc_12_7_p5"]
    for n, article in enumerate(articles * 3):
        decided = today - timedelta(days=30 + 47 * n)
        body = "Court of the Central District of Minsk"
        if n % 2:
            data = OffenceInput(
                offender_kind="organisation", organisation_name=f"Demo Agency {n} LLC",
                taxpayer_number=f"19100{n:04d}", article=article, decided_on=decided,
                deciding_body=body, decision_number=f"5-{n}/{decided.year}", penalty="fine",
                penalty_amount=Decimal(100 + 10 * n),
            )  # fmt: skip
        else:
            family, given = people[n % 3]
            data = OffenceInput(
                offender_kind="person", family_name=family, given_name=given, citizenship="BY",
                article=article, decided_on=decided, deciding_body=body,
                decision_number=f"5-{n}/{decided.year}", penalty="fine",
                penalty_amount=Decimal(10 + n),
            )  # fmt: skip
        do_record_offence(actor=registrar if n % 2 else officer, data=data)
        made += 1
    for kind, number, until in (
        ("registration_refused", "31", None),
        ("stay_shortened", "32", today + timedelta(days=5)),
    ):
        do_record_consequence(
            actor=migration,
            data=ConsequenceInput(
                kind=kind, decision_number=f"{number}/{today.year}", decided_on=today,
                issuing_body="Citizenship and Migration Department, Minsk City",
                family_name="Петренко", given_name="Богдан", family_name_latin="Petrenko",
                given_name_latin="Bohdan", date_of_birth=date(1984, 7, 9),
                citizenship_status="citizen", citizenship="UA",
                grounds="Recruited women for a Moscow brothel (demo).", stay_until=until,
            ),
        )  # fmt: skip
        made += 1
    return made
