"""Opening and changing criminal proceedings; linking participants, suspects and legal persons."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.cases.models import Case
from palermo.core.audit import record
from palermo.justice.access import linkable_cases
from palermo.justice.models import (
    ExpulsionSuspension,
    LegalPerson,
    Participant,
    Proceedings,
    ProceedingsArticle,
    StageChange,
    Suspect,
)
from palermo.justice.rules import (
    justice_rules,
    minor_at_offence,
    person_condition,
    qualifies_for_suspension,
)
from palermo.justice.services.common import (
    Errors,
    add,
    check_day,
    check_text,
    check_version,
    raise_if,
    require_investigator,
)
from palermo.justice.vocab import LegalPersonKind, MeasureStatus, ParticipantRole
from palermo.people.models import Person
from palermo.people.services import PersonInput, create_person, validate_person

MAX_NUMBER = 60


# --- proceedings -------------------------------------------------------------------------------


@dataclass
class ProceedingsInput:
    number: str = ""
    opened_on: date | None = None
    offence_date: date | None = None
    articles: list[str] = field(default_factory=list)
    summary: str = ""
    # Only when opening; later changes go through do_change_stage.
    stage: str = ""

    def cleaned(self) -> ProceedingsInput:
        self.number = " ".join((self.number or "").split())
        self.summary = (self.summary or "").strip()
        self.articles = list(dict.fromkeys(a.strip() for a in self.articles if a and a.strip()))
        return self


def validate_proceedings(
    data: ProceedingsInput, *, current: Proceedings | None = None, opening: bool = False
) -> Errors:
    rules = justice_rules()
    errors: Errors = {}
    if not data.number:
        add(errors, "number", _("Enter the criminal case number."))
    elif len(data.number) > MAX_NUMBER:
        add(errors, "number", _("At most %(n)d characters.") % {"n": MAX_NUMBER})
    else:
        clash = Proceedings.objects.filter(number=data.number)
        if current is not None:
            clash = clash.exclude(pk=current.pk)
        if clash.exists():
            add(errors, "number", _("Proceedings with this number are already recorded."))
    check_day(errors, "opened_on", data.opened_on)
    check_day(errors, "offence_date", data.offence_date, required=False)
    if data.offence_date and data.opened_on and data.offence_date > data.opened_on:
        add(errors, "offence_date", _("The offence cannot come after the opening."))
    if not data.articles:
        add(errors, "articles", _("Choose at least one article of the Criminal Code."))
    for key in data.articles:
        if rules.article(key) is None:
            add(
                errors,
                "articles",
                _("%(key)s is not an article of this jurisdiction.") % {"key": key},
            )
    check_text(errors, "summary", data.summary)
    if opening:
        stage = rules.stage(data.stage)
        if stage is None:
            add(errors, "stage", _("Choose the stage."))
        elif rules.suspension_ended_at(stage.code):
            add(
                errors,
                "stage",
                _("Open the proceedings at a stage before the verdict; then record the verdict."),
            )
    return errors


def _set_articles(proceedings: Proceedings, keys: list[str]) -> None:
    ProceedingsArticle.objects.filter(proceedings=proceedings).exclude(article__in=keys).delete()
    existing = set(proceedings.articles.values_list("article", flat=True))
    ProceedingsArticle.objects.bulk_create(
        [ProceedingsArticle(proceedings=proceedings, article=k) for k in keys if k not in existing]
    )


@transaction.atomic
def do_open_proceedings(*, actor: Actor, data: ProceedingsInput) -> Proceedings:
    """Records criminal proceedings conducted by the actor's agency (the investigating body)."""
    if actor.agency is None or not actor.can(Cap.PROCEEDINGS_WORK):
        raise ValidationError(_("Only an investigating body can record criminal proceedings."))
    data = data.cleaned()
    data.stage = data.stage or justice_rules().first_stage.code
    raise_if(validate_proceedings(data, opening=True))
    assert data.opened_on is not None  # noqa: S101  (validated)
    proceedings = Proceedings.objects.create(
        number=data.number,
        investigating_agency=actor.agency,
        stage=data.stage,
        stage_since=data.opened_on,
        opened_on=data.opened_on,
        offence_date=data.offence_date,
        summary=data.summary,
        created_by=actor.user,
    )
    _set_articles(proceedings, data.articles)
    StageChange.objects.create(
        proceedings=proceedings,
        to_stage=data.stage,
        changed_on=data.opened_on,
        changed_by=actor.user,
    )
    record(
        "justice.proceedings_opened",
        actor=actor,
        obj=proceedings,
        purpose="criminal proceedings",
        data={"number": proceedings.number, "stage": proceedings.stage, "articles": data.articles},
    )
    return proceedings


def _locked(proceedings: Proceedings, expected_version: int) -> Proceedings:
    locked = Proceedings.objects.select_for_update().get(pk=proceedings.pk)
    check_version(locked.version, expected_version, _("proceedings"))
    return locked


def _refresh_minors(proceedings: Proceedings) -> None:
    for participant in proceedings.participants.select_related("person", "case"):
        minor = minor_at_offence(
            participant.person, proceedings, participant.case.is_minor if participant.case else None
        )
        if participant.minor_at_offence != minor:
            participant.minor_at_offence = minor
            participant.save(update_fields=["minor_at_offence"])


@transaction.atomic
def do_update_proceedings(
    *, actor: Actor, proceedings: Proceedings, expected_version: int, data: ProceedingsInput
) -> Proceedings:
    """Edits number, dates, articles and summary (not the stage: see do_change_stage)."""
    require_investigator(actor, proceedings)
    data = data.cleaned()
    raise_if(validate_proceedings(data, current=proceedings))
    locked = _locked(proceedings, expected_version)
    changed = [
        name
        for name in ("number", "opened_on", "offence_date", "summary")
        if getattr(locked, name) != getattr(data, name)
    ]
    old_articles = locked.article_keys
    if sorted(old_articles) != sorted(data.articles):
        changed.append("articles")
    if not changed:
        return locked
    for name in ("number", "opened_on", "offence_date", "summary"):
        setattr(locked, name, getattr(data, name))
    locked.version += 1
    locked.save()
    _set_articles(locked, data.articles)
    if {"opened_on", "offence_date"} & set(changed):
        _refresh_minors(locked)
    record(
        "justice.proceedings_updated",
        actor=actor,
        obj=locked,
        purpose="criminal proceedings",
        data={
            "fields": changed,
            "articles_added": sorted(set(data.articles) - set(old_articles)),
            "articles_removed": sorted(set(old_articles) - set(data.articles)),
        },
    )
    return locked


@transaction.atomic
def do_add_proposed_articles(
    *, actor: Actor, proceedings: Proceedings, expected_version: int
) -> Proceedings:
    """Adds the articles the system proposes for a minor victim (Art. 181 part 2 p.1 ...)."""
    from palermo.justice.rules import proposed_articles

    require_investigator(actor, proceedings)
    locked = _locked(proceedings, expected_version)
    proposals = [a.key for a in proposed_articles(locked)]
    if not proposals:
        raise ValidationError({"articles": [_("There is no article to add.")]})
    _set_articles(locked, [*locked.article_keys, *proposals])
    locked.version += 1
    locked.save()
    record(
        "justice.proceedings_updated",
        actor=actor,
        obj=locked,
        purpose="criminal proceedings",
        data={"fields": ["articles"], "articles_added": proposals, "reason": "minor_victim"},
    )
    return locked


def sync_suspensions(proceedings: Proceedings, *, on: date) -> dict[str, list[int]]:
    """Opens and closes the recorded expulsion suspensions of the proceedings' participants so
    that they agree with Art. 22 p.1; returns the participant ids started and ended. The caller
    audits (its event names them)."""
    started: list[int] = []
    ended: list[int] = []
    stage_ends = justice_rules().suspension_ended_at(proceedings.stage)
    for participant in proceedings.participants.select_related("person"):
        participant.proceedings = proceedings
        should = qualifies_for_suspension(participant, proceedings.stage)
        current = participant.suspensions.filter(ended_on__isnull=True).first()
        if should and current is None:
            ExpulsionSuspension.objects.create(
                participant=participant,
                person=participant.person,
                legal_basis=justice_rules().expulsion.legal_basis.key,
                started_on=on,
            )
            started.append(participant.pk)
        elif current is not None and not should:
            if participant.ended_on is not None:
                reason = "participation_ended"
            elif stage_ends:
                reason = "verdict"
            else:
                reason = "not_applicable"
            current.ended_on = max(on, current.started_on)
            current.end_reason = reason
            current.save(update_fields=["ended_on", "end_reason"])
            ended.append(participant.pk)
    return {"suspensions_started": started, "suspensions_ended": ended}


@transaction.atomic
def do_change_stage(
    *,
    actor: Actor,
    proceedings: Proceedings,
    expected_version: int,
    stage: str,
    changed_on: date | None,
) -> Proceedings:
    """Moves the proceedings to the next stage; reaching the verdict ends expulsion suspensions."""
    require_investigator(actor, proceedings)
    rules = justice_rules()
    errors: Errors = {}
    current = rules.stage(proceedings.stage)
    target = rules.stage(stage)
    if target is None:
        add(errors, "stage", _("Choose the stage."))
    elif current is not None and target.code not in current.next:
        add(
            errors,
            "stage",
            _("Proceedings cannot move from “%(current)s” to “%(target)s”.")
            % {"current": current.name(), "target": target.name()},
        )
    check_day(errors, "changed_on", changed_on)
    if changed_on and changed_on < proceedings.stage_since:
        add(errors, "changed_on", _("The date cannot be before the current stage began."))
    raise_if(errors)
    assert target is not None and changed_on is not None  # noqa: S101  (validated)
    locked = _locked(proceedings, expected_version)
    from_stage = locked.stage
    locked.stage = target.code
    locked.stage_since = changed_on
    if target.code == rules.expulsion.until_stage:
        locked.verdict_on = changed_on
    locked.version += 1
    locked.save()
    StageChange.objects.create(
        proceedings=locked,
        from_stage=from_stage,
        to_stage=target.code,
        changed_on=changed_on,
        changed_by=actor.user,
    )
    synced = sync_suspensions(locked, on=changed_on)
    record(
        "justice.stage_changed",
        actor=actor,
        obj=locked,
        purpose="criminal proceedings",
        data={"from": from_stage, "to": target.code, "on": changed_on.isoformat(), **synced},
    )
    return locked


# --- participants ------------------------------------------------------------------------------


@dataclass
class ParticipantInput:
    role: str = ""
    linked_on: date | None = None
    # Either a case the actor may see (its person takes part) ...
    case: Case | None = None
    # ... or a person not known to the mechanism yet (a witness, say), registered here.
    person: PersonInput | None = None


@transaction.atomic
def do_link_participant(
    *, actor: Actor, proceedings: Proceedings, data: ParticipantInput
) -> Participant:
    """Links a person to the proceedings as victim, witness or assisting law enforcement. A
    foreign or stateless person's expulsion is then recorded as suspended (Art. 22 p.1)."""
    require_investigator(actor, proceedings)
    # Serialises links and stage changes of one proceedings (the suspensions follow both).
    proceedings = Proceedings.objects.select_for_update().get(pk=proceedings.pk)
    errors: Errors = {}
    if data.role not in ParticipantRole.values:
        add(errors, "role", _("Choose the role in the proceedings."))
    check_day(errors, "linked_on", data.linked_on)
    if data.linked_on and data.linked_on < proceedings.opened_on:
        add(errors, "linked_on", _("The date cannot be before the proceedings were opened."))
    if (data.case is None) == (data.person is None):
        add(errors, "case", _("Choose a case, or enter a new person — one of the two."))
    person_data = data.person.cleaned() if data.person is not None else None
    if person_data is not None:
        for name, messages in validate_person(person_data).items():
            errors.setdefault(name, []).extend(messages)
        if not (person_data.family_name or person_data.family_name_latin):
            add(errors, "family_name", _("Enter the person's family name."))
    if data.case is not None and not linkable_cases(actor).filter(pk=data.case.pk).exists():
        add(
            errors,
            "case",
            _("No case with this number that your agency holds or that was referred to it."),
        )
    if (
        data.case is not None
        and data.role in ParticipantRole.values
        and Participant.objects.filter(
            proceedings=proceedings, person=data.case.person, role=data.role
        ).exists()
    ):
        add(errors, "case", _("This person is already linked to the proceedings in this role."))
    raise_if(errors)
    assert data.linked_on is not None and actor.agency is not None  # noqa: S101  (validated)
    if data.case is not None:
        person: Person = data.case.person
    else:
        assert person_data is not None  # noqa: S101
        person = create_person(data=person_data, registered_by=actor.agency)
    participant = Participant(
        proceedings=proceedings,
        person=person,
        role=data.role,
        case=data.case,
        linked_on=data.linked_on,
        linked_by=actor.user,
    )
    participant.minor_at_offence = minor_at_offence(
        person, proceedings, data.case.is_minor if data.case else None
    )
    participant.save()
    synced = sync_suspensions(proceedings, on=data.linked_on)
    record(
        "justice.participant_linked",
        actor=actor,
        obj=participant,
        purpose="criminal proceedings",
        data={
            "proceedings": proceedings.pk,
            "person_reference": person.reference,
            "case": data.case.pk if data.case else None,
            "new_person": data.case is None,
            "role": participant.role,
            "minor_at_offence": participant.minor_at_offence,
            "citizenship": person_condition(person),
            **synced,
        },
    )
    return participant


@transaction.atomic
def do_end_participation(
    *, actor: Actor, participant: Participant, ended_on: date | None, reason: str
) -> Participant:
    """Ends a person's participation (e.g. recorded by mistake, or the role ended): their
    measures end and their expulsion suspension ends."""
    proceedings = participant.proceedings
    require_investigator(actor, proceedings)
    reason = (reason or "").strip()
    errors: Errors = {}
    if participant.ended_on is not None:
        add(errors, "ended_on", _("This participation has already ended."))
    check_day(errors, "ended_on", ended_on)
    if ended_on and ended_on < participant.linked_on:
        add(errors, "ended_on", _("The date cannot be before the person was linked."))
    if not reason:
        add(errors, "reason", _("Say why the participation ends."))
    check_text(errors, "reason", reason)
    raise_if(errors)
    assert ended_on is not None  # noqa: S101
    proceedings = Proceedings.objects.select_for_update().get(pk=proceedings.pk)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.ended_on is not None:
        raise ValidationError({"ended_on": [_("This participation has already ended.")]})
    participant.ended_on = ended_on
    participant.end_reason = reason
    participant.save(update_fields=["ended_on", "end_reason"])
    ended_measures = []
    for measure in participant.measures.filter(status=MeasureStatus.ACTIVE):
        measure.status = MeasureStatus.ENDED
        measure.ended_on = max(ended_on, measure.starts_on)
        measure.end_reason = reason
        measure.version += 1
        measure.save()
        ended_measures.append(measure.pk)
    synced = sync_suspensions(proceedings, on=ended_on)
    record(
        "justice.participation_ended",
        actor=actor,
        obj=participant,
        purpose="criminal proceedings",
        data={"proceedings": proceedings.pk, "measures_ended": ended_measures, **synced},
    )
    return participant


# --- suspects and legal persons -----------------------------------------------------------------


@dataclass
class SuspectInput:
    family_name: str = ""
    given_name: str = ""
    patronymic: str = ""
    date_of_birth: date | None = None
    citizenship: str = ""
    notes: str = ""


@transaction.atomic
def do_add_suspect(*, actor: Actor, proceedings: Proceedings, data: SuspectInput) -> Suspect:
    require_investigator(actor, proceedings)
    for name in ("family_name", "given_name", "patronymic"):
        setattr(data, name, " ".join((getattr(data, name) or "").split()))
    data.citizenship = (data.citizenship or "").strip().upper()
    data.notes = (data.notes or "").strip()
    errors: Errors = {}
    if not data.family_name:
        add(errors, "family_name", _("Enter the suspect's family name."))
    for name in ("family_name", "given_name", "patronymic"):
        check_text(errors, name, getattr(data, name), 200)
    check_day(errors, "date_of_birth", data.date_of_birth, required=False)
    if data.citizenship and len(data.citizenship) != 2:
        add(errors, "citizenship", _("Choose a country."))
    check_text(errors, "notes", data.notes)
    raise_if(errors)
    suspect = Suspect.objects.create(
        proceedings=proceedings,
        family_name=data.family_name,
        given_name=data.given_name,
        patronymic=data.patronymic,
        date_of_birth=data.date_of_birth,  # type: ignore[misc]
        citizenship=data.citizenship,
        notes=data.notes,
        added_by=actor.user,
    )
    record(
        "justice.suspect_added",
        actor=actor,
        obj=suspect,
        purpose="criminal proceedings",
        data={"proceedings": proceedings.pk, "citizenship": data.citizenship},
    )
    return suspect


@dataclass
class LegalPersonInput:
    name: str = ""
    taxpayer_number: str = ""
    kind: str = ""
    country: str = ""
    organisation_id: int | None = None


@transaction.atomic
def do_add_legal_person(
    *, actor: Actor, proceedings: Proceedings, data: LegalPersonInput
) -> LegalPerson:
    """Records a legal person used for the offence (tourist, marriage, employment, modelling
    agency ...), optionally linked to the registry of organisations involved in trafficking."""
    from palermo.registries.models import InvolvedOrganisation

    require_investigator(actor, proceedings)
    data.name = " ".join((data.name or "").split())
    data.taxpayer_number = (data.taxpayer_number or "").strip()
    data.country = (data.country or "").strip().upper()
    errors: Errors = {}
    if not data.name:
        add(errors, "name", _("Enter the name of the legal person."))
    check_text(errors, "name", data.name, 300)
    if data.taxpayer_number and (
        len(data.taxpayer_number) > 20 or not data.taxpayer_number.isalnum()
    ):
        add(errors, "taxpayer_number", _("Enter up to 20 letters and digits."))
    if data.kind not in LegalPersonKind.values:
        add(errors, "kind", _("Choose the kind of legal person."))
    if data.country and len(data.country) != 2:
        add(errors, "country", _("Choose a country."))
    organisation = None
    if data.organisation_id is not None:
        organisation = InvolvedOrganisation.objects.filter(pk=data.organisation_id).first()
        if organisation is None:
            add(errors, "organisation", _("No such organisation in the registry."))
    elif data.taxpayer_number:
        # The registry of organisations involved in trafficking knows it by the same number.
        organisation = InvolvedOrganisation.objects.filter(
            registration_number=data.taxpayer_number
        ).first()
    raise_if(errors)
    legal_person = LegalPerson.objects.create(
        proceedings=proceedings,
        name=data.name,
        taxpayer_number=data.taxpayer_number,
        kind=data.kind,
        country=data.country,
        organisation=organisation,
        added_by=actor.user,
    )
    record(
        "justice.legal_person_added",
        actor=actor,
        obj=legal_person,
        purpose="criminal proceedings",
        data={
            "proceedings": proceedings.pk,
            "kind": data.kind,
            "taxpayer_number": data.taxpayer_number,
            "organisation": organisation.pk if organisation else None,
        },
    )
    return legal_person


def record_proceedings_read(*, actor: Actor, proceedings: Proceedings, purpose: str) -> None:
    """Audits a read of the proceedings (participants' identities, suspects)."""
    with transaction.atomic():
        record(
            "justice.proceedings_viewed",
            actor=actor,
            obj=proceedings,
            purpose=purpose,
            data={},
        )


def today() -> date:
    return timezone.localdate()
