"""The justice scene: the Minsk officer's case (a Belarusian victim) is referred, with the
person's consent, to the Investigative Committee (protection) and to the Gomel NGO (legal help);
the investigator records proceedings, links that case's person as victim and a Ukrainian woman
as a second victim. A second proceedings of the Committee concerns no one the NGO knows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency, Membership
from palermo.cases import services as cases_services
from palermo.cases.models import Case
from palermo.justice.models import Participant, Proceedings
from palermo.justice.services import (
    ParticipantInput,
    ProceedingsInput,
    do_link_participant,
    do_open_proceedings,
)
from palermo.people.services import PersonInput
from palermo.referrals.demo import ensure_service_directory
from palermo.referrals.services import ReferralInput, do_accept_referral, do_send_referral

TODAY = timezone.localdate()
OPENED = TODAY - timedelta(days=60)


def give_consent(actor: Actor, case: Case) -> None:
    checklist = dict.fromkeys(
        (
            "purpose_explained", "uses_explained", "research_use_explained",
            "right_of_access_explained", "retention_explained", "withdrawal_explained",
        ),
        True,
    )  # fmt: skip
    cases_services.do_record_consent(
        actor=actor,
        case=case,
        data=cases_services.ConsentInput(
            purpose="sharing_with_referral_agencies", given_on=TODAY, **checklist
        ),
    )


def refer(actor: Callable[[str], Actor], case: Case, to: Agency, service: str, who: str) -> None:
    referral = do_send_referral(
        actor=actor("officer_minsk"),
        case=case,
        data=ReferralInput(
            to_agency_id=to.pk,
            services=[service],
            reason="additional_services_required",
            urgency="routine",
            details="",
            share=["identity", "narrative", "exploitation"],
        ),
    )
    do_accept_referral(actor=actor(who), referral=referral)


def foreign_person(**overrides: object) -> PersonInput:
    values: dict[str, object] = {
        "family_name": "Коваленко",
        "given_name": "Оксана",
        "family_name_latin": "Kovalenko",
        "given_name_latin": "Oksana",
        "date_of_birth": date(1996, 2, 3),
        "gender": "female",
        "citizenship_status": "citizen",
        "citizenship": "UA",
    }
    values.update(overrides)
    return PersonInput(**values)  # type: ignore[arg-type]


def open_proceedings(actor: Actor, number: str, **overrides: object) -> Proceedings:
    values: dict[str, object] = {
        "number": number,
        "opened_on": OPENED,
        "offence_date": OPENED - timedelta(days=30),
        "articles": ["cc_181"],
        "summary": "Recruitment of young women for sexual exploitation in Moscow.",
        "stage": "investigation",
    }
    values.update(overrides)
    return do_open_proceedings(actor=actor, data=ProceedingsInput(**values))  # type: ignore[arg-type]


@dataclass
class Scene:
    proceedings: Proceedings
    other: Proceedings
    case: Case
    local_victim: Participant
    foreign_victim: Participant

    def fill(self, text: str) -> str:
        return text.format(
            p=self.proceedings.pk,
            o=self.other.pk,
            v=self.local_victim.pk,
            f=self.foreign_victim.pk,
            m=getattr(self, "measure_id", 0),
            ref=self.foreign_victim.person.reference,
        )


@pytest.fixture
def scene(
    personas: dict[str, Membership], actor: Callable[[str], Actor], minsk_case: Case
) -> Scene:
    ensure_service_directory()
    officer = actor("officer_minsk")
    give_consent(officer, minsk_case)
    refer(actor, minsk_case, personas["investigator"].agency, "protection", "investigator")
    refer(actor, minsk_case, personas["caseworker_gomel"].agency, "legal", "caseworker_gomel")
    investigator = actor("investigator")
    proceedings = open_proceedings(investigator, "12600001")
    other = open_proceedings(investigator, "12600002", articles=["cc_171"])
    local = do_link_participant(
        actor=investigator,
        proceedings=proceedings,
        data=ParticipantInput(role="victim", linked_on=OPENED, case=minsk_case),
    )
    foreign = do_link_participant(
        actor=investigator,
        proceedings=proceedings,
        data=ParticipantInput(role="victim", linked_on=OPENED, person=foreign_person()),
    )
    return Scene(proceedings, other, minsk_case, local, foreign)
