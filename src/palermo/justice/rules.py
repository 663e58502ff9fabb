"""The justice rules as the app applies them: the pack's ``justice`` section, the minor-victim
qualification, and the expulsion suspension of Law No. 350-Z Art. 22 p.1 (computed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, cast

from palermo.jurisdictions.model import LegalBasis
from palermo.jurisdictions.pack import get_pack, pack_section
from palermo.jurisdictions.sections_justice import JusticeRules, Stage
from palermo.justice.models import Participant, Proceedings
from palermo.people.models import Person
from palermo.people.vocab import CitizenshipStatus

if TYPE_CHECKING:
    from palermo.justice.services.liability import ConsequenceFact


def justice_rules() -> JusticeRules:
    return pack_section("justice", JusticeRules)


def basis_citation(key: str) -> str:
    """The citation of a stored legal-basis key in the current language (the key if unknown)."""
    basis = get_pack().legal_bases_by_key.get(key)
    return basis.cite() if basis else key


def basis_label(key: str) -> str:
    basis = get_pack().legal_bases_by_key.get(key)
    return basis.label() if basis else key


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def reference_date(proceedings: Proceedings) -> date:
    """The day a victim's age counts on: the offence, or the opening of the proceedings."""
    return proceedings.offence_date or proceedings.opened_on


def minor_at_offence(
    person: Person, proceedings: Proceedings, case_minor: bool | None
) -> bool | None:
    """From the person's date of birth; without one, a case whose person was a minor at
    identification (which comes after the offence) says so; otherwise unknown."""
    born = cast("date | None", person.date_of_birth)
    if born is not None:
        return age_on(born, reference_date(proceedings)) < justice_rules().age_of_majority
    return True if case_minor else None


def proposed_articles(proceedings: Proceedings) -> tuple[LegalBasis, ...]:
    """Articles the system proposes: a victim was a minor and the base article is charged
    without its aggravated form (Criminal Code Art. 181 part 2 p.1 in Belarus)."""
    has_minor = proceedings.participants.filter(
        role="victim", minor_at_offence=True, ended_on__isnull=True
    ).exists()
    if not has_minor:
        return ()
    return justice_rules().proposals_for_minor(frozenset(proceedings.article_keys))


def person_condition(person: Person) -> str:
    """foreign_national, stateless, citizenship_unknown or citizen (of the pack's country)."""
    if person.citizenship_status == CitizenshipStatus.STATELESS:
        return "stateless"
    if person.citizenship_status == CitizenshipStatus.UNKNOWN or not person.citizenship:
        return "citizenship_unknown"
    if str(person.citizenship) == get_pack().country:
        return "citizen"
    return "foreign_national"


def qualifies_for_suspension(participant: Participant, stage: str | None = None) -> bool:
    """Art. 22 p.1: the role and the person's citizenship qualify, the participation is active and
    the proceedings have not reached the stage that ends the suspension (the verdict)."""
    rules = justice_rules()
    rule = rules.expulsion
    return (
        participant.ended_on is None
        and participant.role in rule.roles
        and person_condition(participant.person) in rule.persons
        and not rules.suspension_ended_at(stage or participant.proceedings.stage)
    )


@dataclass(frozen=True)
class SuspensionStatus:
    """What a migration officer learns: suspended or not, the rule, the stage, since when; and
    the Art. 30 decisions recorded for the person (refused registration or stay, ...)."""

    suspended: bool
    legal_basis: LegalBasis
    stage: Stage | None = None
    since: date | None = None
    until_stage: Stage | None = None
    consequences: tuple[ConsequenceFact, ...] = ()


def suspension_status(person_ids: list[int]) -> SuspensionStatus:
    """Whether expulsion and deportation of the person (any of ``person_ids``: a person and the
    records merged into it) are suspended now, computed from the participants and the stages."""
    rules = justice_rules()
    rule = rules.expulsion
    candidates = (
        Participant.objects.filter(
            person_id__in=person_ids, ended_on__isnull=True, role__in=sorted(rule.roles)
        )
        .select_related("person", "proceedings")
        .prefetch_related("suspensions")
        .order_by("linked_on", "id")
    )
    for participant in candidates:
        if qualifies_for_suspension(participant):
            open_rows = [s for s in participant.suspensions.all() if s.ended_on is None]
            since = open_rows[0].started_on if open_rows else participant.linked_on
            return SuspensionStatus(
                True,
                rule.legal_basis,
                rules.stage(participant.proceedings.stage),
                since,
                rules.stage(rule.until_stage),
            )
    return SuspensionStatus(False, rule.legal_basis, until_stage=rules.stage(rule.until_stage))
