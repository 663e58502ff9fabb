"""What a duplicate check may show the asker about a match: no more than the asker may already
see of that person (DESIGN.md rule 3, need to know).

The matcher compares the full identities; this module shapes its results for the asker. A match
reached through a referral shows only the parts that referral shares: without the identity part
no names (in either script), without the date-of-birth part no date of birth, and no reason that
would tell the hidden value (e.g. "same date of birth").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.people._cases import cases_for, visible_parts
from palermo.people.duplicates import MatchReport, VisibleMatch
from palermo.people.matching import reason_labels

IDENTITY = "identity"
DATE_OF_BIRTH = "date_of_birth"
_NAME_REASON_PREFIXES = ("family_name_", "given_name_", "patronymic_", "names_", "common_name")
_DOB_REASON_PREFIX = "dob_"


@dataclass(frozen=True)
class DisclosedMatch:
    """A match as the asker may see it; hidden parts are None."""

    person_reference: str
    family_name: str | None
    given_name: str | None
    patronymic: str | None
    family_name_latin: str | None
    given_name_latin: str | None
    display_name: str | None
    date_of_birth: date | str | None
    gender: str
    case_references: list[str]
    score: float
    reasons: tuple[str, ...]

    @property
    def reason_labels(self) -> list[str]:
        return reason_labels(self.reasons)


def _parts_for_person(actor: Actor, person_id: int) -> frozenset[str]:
    if actor.can(Cap.CASE_VIEW_NATIONAL):
        return frozenset({IDENTITY, DATE_OF_BIRTH}) if actor.can(Cap.IDENTITY_VIEW) else frozenset()
    parts: set[str] = set()
    for case in cases_for(actor).filter(person_id=person_id):
        parts |= visible_parts(actor, case)
    if not actor.can(Cap.IDENTITY_VIEW):
        parts -= {IDENTITY, DATE_OF_BIRTH}
    return frozenset(parts)


def _shown_reasons(reasons: tuple[str, ...], parts: frozenset[str]) -> tuple[str, ...]:
    shown = []
    for code in reasons:
        if code.startswith(_NAME_REASON_PREFIXES) and IDENTITY not in parts:
            continue
        if code.startswith(_DOB_REASON_PREFIX) and DATE_OF_BIRTH not in parts:
            continue
        shown.append(code)
    return tuple(shown)


def disclose(actor: Actor, match: VisibleMatch) -> DisclosedMatch:
    parts = _parts_for_person(actor, match.person.pk)
    person = match.person
    names = IDENTITY in parts
    return DisclosedMatch(
        person_reference=person.reference,
        family_name=person.family_name if names else None,
        given_name=person.given_name if names else None,
        patronymic=person.patronymic if names else None,
        family_name_latin=person.family_name_latin if names else None,
        given_name_latin=person.given_name_latin if names else None,
        display_name=person.display_name if names else None,
        date_of_birth=person.date_of_birth if DATE_OF_BIRTH in parts else None,
        gender=person.gender,
        case_references=match.case_references,
        score=match.score,
        reasons=_shown_reasons(match.reasons, parts),
    )


def disclosed_matches(actor: Actor, report: MatchReport | None) -> list[DisclosedMatch]:
    """The report's visible matches, each shaped to what the asker may see."""
    if report is None:
        return []
    return [disclose(actor, match) for match in report.visible]
