"""The rules of Law No. 350-Z Art. 18 and Art. 22 p.1, each tested from the seed's own words
(seed 000, notes 29-32; seed 004 §34), and the minor-victim qualification (seed 000 §3.3)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from palermo.core.errors import ConflictError
from palermo.core.models import AuditEvent
from palermo.justice.models import ExpulsionSuspension, ProtectionMeasure
from palermo.justice.rules import suspension_status
from palermo.justice.services import (
    AssistanceInput,
    ExpulsionQuery,
    MeasureInput,
    ParticipantInput,
    do_add_proposed_articles,
    do_apply_measure,
    do_change_stage,
    do_check_expulsion,
    do_end_measure,
    do_end_participation,
    do_extend_measure,
    do_link_participant,
    do_record_interference,
    do_record_legal_assistance,
    do_update_proceedings,
)
from palermo.justice.services.proceedings import ProceedingsInput
from tests.justice.conftest import OPENED, TODAY, foreign_person, open_proceedings

# --- Art. 22 p.1 ---------------------------------------------------------------------------------
# "if a foreign national or stateless person is a human trafficking victim or witness in criminal
# proceedings related to human trafficking ... or assists law enforcement agencies, expulsion or
# deportation of such persons is suspended until the judgment is passed (verdict is delivered)"

PERSONS = {
    "a foreign national": {"citizenship_status": "citizen", "citizenship": "UA"},
    "a stateless person": {"citizenship_status": "stateless", "citizenship": ""},
    "a citizen of Belarus": {"citizenship_status": "citizen", "citizenship": "BY"},
}


@pytest.mark.parametrize("role", ["victim", "witness", "assisting"])
@pytest.mark.parametrize("who", list(PERSONS))
def test_expulsion_of_a_foreign_or_stateless_victim_witness_or_helper_is_suspended(
    role, who, actor
):
    investigator = actor("investigator")
    proceedings = open_proceedings(investigator, "12600100")
    participant = do_link_participant(
        actor=investigator,
        proceedings=proceedings,
        data=ParticipantInput(role=role, linked_on=OPENED, person=foreign_person(**PERSONS[who])),
    )
    expected = who != "a citizen of Belarus"
    assert suspension_status([participant.person_id]).suspended is expected
    rows = ExpulsionSuspension.objects.filter(participant=participant, ended_on__isnull=True)
    assert rows.exists() is expected
    if expected:
        assert rows.get().legal_basis == "law_350z_art22_p1"
        assert rows.get().started_on == OPENED


def test_the_suspension_lasts_until_the_verdict(scene, actor):
    investigator = actor("investigator")
    proceedings = scene.proceedings
    person = scene.foreign_victim.person_id
    for stage in ("trial",):
        proceedings = do_change_stage(
            actor=investigator, proceedings=proceedings, expected_version=proceedings.version,
            stage=stage, changed_on=TODAY - timedelta(days=5),
        )  # fmt: skip
        assert suspension_status([person]).suspended
    status = suspension_status([person])
    assert status.stage is not None and status.stage.code == "trial"
    proceedings = do_change_stage(
        actor=investigator, proceedings=proceedings, expected_version=proceedings.version,
        stage="verdict", changed_on=TODAY,
    )  # fmt: skip
    assert not suspension_status([person]).suspended
    row = ExpulsionSuspension.objects.get(participant=scene.foreign_victim)
    assert (row.ended_on, row.end_reason) == (TODAY, "verdict")
    assert proceedings.verdict_on == TODAY
    # An appeal after the verdict does not suspend expulsion again.
    do_change_stage(
        actor=investigator, proceedings=proceedings, expected_version=proceedings.version,
        stage="appeal", changed_on=TODAY,
    )  # fmt: skip
    assert not suspension_status([person]).suspended
    assert ExpulsionSuspension.objects.filter(participant=scene.foreign_victim).count() == 1
    event = AuditEvent.objects.filter(action="justice.stage_changed").order_by("seq")
    assert [e.data["suspensions_ended"] for e in event] == [[], [scene.foreign_victim.pk], []]


def test_discontinued_proceedings_end_the_suspension(scene, actor):
    proceedings = do_change_stage(
        actor=actor("investigator"), proceedings=scene.proceedings,
        expected_version=scene.proceedings.version, stage="discontinued", changed_on=TODAY,
    )  # fmt: skip
    assert proceedings.stage == "discontinued"
    assert not suspension_status([scene.foreign_victim.person_id]).suspended


def test_ending_the_participation_ends_the_suspension(scene, actor):
    do_end_participation(
        actor=actor("investigator"), participant=scene.foreign_victim, ended_on=TODAY,
        reason="Linked by mistake.",
    )  # fmt: skip
    row = ExpulsionSuspension.objects.get(participant=scene.foreign_victim)
    assert row.end_reason == "participation_ended"
    assert not suspension_status([scene.foreign_victim.person_id]).suspended


def test_stage_moves_follow_the_pack(scene, actor):
    with pytest.raises(ValidationError) as err:
        do_change_stage(
            actor=actor("investigator"), proceedings=scene.proceedings,
            expected_version=scene.proceedings.version, stage="appeal", changed_on=TODAY,
        )  # fmt: skip
    assert "cannot move from" in err.value.message_dict["stage"][0]
    with pytest.raises(ConflictError):
        do_change_stage(
            actor=actor("investigator"), proceedings=scene.proceedings,
            expected_version=scene.proceedings.version - 1, stage="trial", changed_on=TODAY,
        )  # fmt: skip


# --- the expulsion check -------------------------------------------------------------------------


def check(actor, **query):
    return do_check_expulsion(
        actor=actor("migration_officer"), query=ExpulsionQuery(purpose="File 77/2026", **query)
    )


def test_a_migration_officer_learns_yes_with_basis_and_stage(scene, actor):
    answer = check(actor, reference=scene.foreign_victim.person.reference.lower())
    assert answer.suspended
    assert answer.legal_basis.cite("en") == "Law No. 350-Z, Art. 22 p.1"
    assert answer.stage is not None and answer.stage.code == "investigation"
    assert answer.until_stage is not None and answer.until_stage.code == "verdict"
    assert answer.since == OPENED
    by_name = check(actor, name="Kovalenko Oksana", date_of_birth=date(1996, 2, 3))
    assert by_name.suspended
    wrong_birthday = check(actor, name="Kovalenko Oksana", date_of_birth=date(1996, 2, 4))
    assert not wrong_birthday.suspended


def test_no_reads_the_same_for_unknown_and_for_not_suspended_persons(scene, actor):
    unknown = check(actor, reference="BY-2099-999999")
    citizen = check(actor, reference=scene.local_victim.person.reference)
    assert unknown == citizen
    assert not unknown.suspended and unknown.stage is None and unknown.since is None


def test_every_check_is_audited_with_its_purpose(scene, actor):
    check(actor, reference=scene.foreign_victim.person.reference)
    event = AuditEvent.objects.filter(action="justice.expulsion_checked").get()
    assert event.purpose == "File 77/2026"
    assert event.data == {"by": "reference", "found": True, "suspended": True}
    assert event.object_id == str(scene.foreign_victim.person_id)


def test_a_check_needs_a_purpose_and_a_person(scene, actor):
    with pytest.raises(ValidationError) as err:
        do_check_expulsion(actor=actor("migration_officer"), query=ExpulsionQuery(name="Kovalenko"))
    assert set(err.value.message_dict) == {"reference", "purpose"}
    with pytest.raises(ValidationError):
        do_check_expulsion(
            actor=actor("caseworker_gomel"), query=ExpulsionQuery(reference="X", purpose="why")
        )


# --- Art. 18 -------------------------------------------------------------------------------------
# "1. ensuring safety of such victims and their family members within the criminal proceedings;
#  2. social protection and rehabilitation of victims; 3. assistance rendered by diplomatic
#  missions and consular offices"


def apply(actor, participant, kind, **kw):
    return do_apply_measure(
        actor=actor("investigator"),
        participant=participant,
        data=MeasureInput(kind=kind, starts_on=kw.pop("starts_on", OPENED), **kw),
    )


def test_the_three_measures_of_art_18_apply_to_a_victim(scene, actor):
    safety = apply(actor, scene.foreign_victim, "safety", includes_family=True)
    social = apply(actor, scene.foreign_victim, "social_protection")
    consular = apply(actor, scene.foreign_victim, "consular_assistance", ends_on=TODAY)
    assert {m.legal_basis for m in (safety, social, consular)} == {"law_350z_art18"}
    assert safety.includes_family
    with pytest.raises(ValidationError) as err:
        apply(actor, scene.foreign_victim, "social_protection", includes_family=True)
    assert "already applied" in err.value.message_dict["kind"][0]
    assert "family" in err.value.message_dict["includes_family"][0]


def test_measures_are_for_victims(scene, actor):
    witness = do_link_participant(
        actor=actor("investigator"),
        proceedings=scene.proceedings,
        data=ParticipantInput(role="witness", linked_on=OPENED, person=foreign_person()),
    )
    with pytest.raises(ValidationError) as err:
        apply(actor, witness, "safety")
    assert "for victims" in err.value.message_dict["participant"][0]


def test_extending_and_ending_a_measure(scene, actor):
    measure = apply(actor, scene.local_victim, "safety", ends_on=TODAY)
    measure = do_extend_measure(
        actor=actor("investigator"), measure=measure, expected_version=measure.version,
        ends_on=TODAY + timedelta(days=90),
    )  # fmt: skip
    assert (measure.ends_on, measure.times_extended) == (TODAY + timedelta(days=90), 1)
    with pytest.raises(ValidationError):  # not later than the current end
        do_extend_measure(
            actor=actor("investigator"), measure=measure, expected_version=measure.version,
            ends_on=TODAY,
        )  # fmt: skip
    with pytest.raises(ConflictError):
        do_end_measure(
            actor=actor("investigator"), measure=measure, expected_version=1, ended_on=TODAY,
            reason="Threat over.",
        )  # fmt: skip
    ended = do_end_measure(
        actor=actor("investigator"), measure=measure, expected_version=measure.version,
        ended_on=TODAY, reason="Threat over.",
    )  # fmt: skip
    assert (ended.status, ended.end_basis, ended.end_reason) == ("ended", "", "Threat over.")


# Art. 18 part 2: "measures to protect and rehabilitate human trafficking victims are not applied,
# and the measures that are applied are to be cancelled (terminated), if the human trafficking
# victim interferes with preliminary investigation or court proceedings"


def test_interference_terminates_the_applied_measures_with_art_18_p2(scene, actor):
    safety = apply(actor, scene.foreign_victim, "safety")
    social = apply(actor, scene.foreign_victim, "social_protection")
    before = AuditEvent.objects.count()
    do_record_interference(
        actor=actor("investigator"), participant=scene.foreign_victim, recorded_on=TODAY,
        note="Refuses to appear and warned the suspect.",
    )  # fmt: skip
    assert AuditEvent.objects.count() == before + 1  # one transaction, one event
    for measure in ProtectionMeasure.objects.filter(pk__in=[safety.pk, social.pk]):
        assert (measure.status, measure.ended_on, measure.end_basis) == (
            "ended", TODAY, "law_350z_art18_p2",
        )  # fmt: skip
    event = AuditEvent.objects.latest("seq")
    assert event.data["measures_ended"] == [safety.pk, social.pk]
    assert event.data["legal_basis"] == "law_350z_art18_p2"


def test_after_interference_measures_are_not_applied(scene, actor):
    measure = apply(actor, scene.foreign_victim, "safety")
    do_record_interference(
        actor=actor("investigator"), participant=scene.foreign_victim, recorded_on=TODAY,
        note="Destroyed evidence.",
    )  # fmt: skip
    with pytest.raises(ValidationError) as err:
        apply(actor, scene.foreign_victim, "consular_assistance")
    assert "Law No. 350-Z, Art. 18 p.2" in err.value.message_dict["kind"][0]
    measure.refresh_from_db()
    with pytest.raises(ValidationError):
        do_extend_measure(
            actor=actor("investigator"), measure=measure, expected_version=measure.version,
            ends_on=TODAY + timedelta(days=30),
        )  # fmt: skip
    # Art. 18 p.2 concerns protection measures, not Art. 22: the expulsion stays suspended.
    assert suspension_status([scene.foreign_victim.person_id]).suspended


# --- seed 004 §34: legal assistance, confidentiality, compensation --------------------------------


def test_legal_assistance_and_rights_explained_are_recorded(scene, actor):
    entry = do_record_legal_assistance(
        actor=actor("caseworker_gomel"),  # the NGO with the accepted referral
        participant=scene.local_victim,
        data=AssistanceInput(
            given_on=TODAY, assistance=True, rights=["confidentiality", "compensation"]
        ),
    )
    assert entry.agency == actor("caseworker_gomel").agency
    assert entry.get_rights_display() == [
        "Confidentiality", "Compensation of moral and physical damage",
    ]  # fmt: skip
    with pytest.raises(ValidationError) as err:
        do_record_legal_assistance(
            actor=actor("investigator"), participant=scene.local_victim,
            data=AssistanceInput(given_on=TODAY),
        )  # fmt: skip
    assert "rights" in err.value.message_dict
    with pytest.raises(ValidationError):  # the outsider does not work on the case
        do_record_legal_assistance(
            actor=actor("outsider"), participant=scene.local_victim,
            data=AssistanceInput(given_on=TODAY, assistance=True),
        )  # fmt: skip


# --- Criminal Code Art. 181 part 2 p.1: a minor victim --------------------------------------------


def test_a_minor_victim_makes_the_system_propose_art_181_part_2_p1(actor):
    investigator = actor("investigator")
    proceedings = open_proceedings(investigator, "12600200", offence_date=date(2025, 9, 1))
    minor = do_link_participant(
        actor=investigator,
        proceedings=proceedings,
        data=ParticipantInput(
            role="victim", linked_on=OPENED,
            person=foreign_person(citizenship="BY", date_of_birth=date(2008, 3, 1)),
        ),
    )  # fmt: skip
    assert minor.minor_at_offence is True
    from palermo.justice.rules import proposed_articles

    assert [a.key for a in proposed_articles(proceedings)] == ["cc_181_p2_1"]
    proceedings.refresh_from_db()
    proceedings = do_add_proposed_articles(
        actor=investigator, proceedings=proceedings, expected_version=proceedings.version
    )
    assert sorted(proceedings.article_keys) == ["cc_181", "cc_181_p2_1"]
    assert proposed_articles(proceedings) == ()


def test_an_adult_victim_proposes_nothing_and_age_follows_the_offence_date(actor):
    investigator = actor("investigator")
    proceedings = open_proceedings(investigator, "12600201", offence_date=date(2026, 3, 2))
    victim = do_link_participant(
        actor=investigator,
        proceedings=proceedings,
        data=ParticipantInput(
            role="victim", linked_on=OPENED,
            person=foreign_person(citizenship="BY", date_of_birth=date(2008, 3, 1)),
        ),
    )  # fmt: skip
    assert victim.minor_at_offence is False  # 18 the day before the offence
    proceedings = do_update_proceedings(
        actor=investigator, proceedings=proceedings, expected_version=proceedings.version,
        data=ProceedingsInput(
            number=proceedings.number, opened_on=proceedings.opened_on,
            offence_date=date(2026, 2, 28), articles=["cc_181"],
        ),
    )  # fmt: skip
    victim.refresh_from_db()
    assert victim.minor_at_offence is True


# --- validation -----------------------------------------------------------------------------------


def test_proceedings_are_validated(scene, actor):
    investigator = actor("investigator")
    with pytest.raises(ValidationError) as err:
        open_proceedings(
            investigator, "12600001", articles=["cc_999"], stage="verdict",
            offence_date=TODAY, opened_on=TODAY - timedelta(days=1),
        )  # fmt: skip
    assert set(err.value.message_dict) == {"number", "articles", "stage", "offence_date"}
    with pytest.raises(ValidationError):
        open_proceedings(actor("officer_minsk"), "12600300")


def test_a_case_is_linked_once_per_role(scene, actor):
    with pytest.raises(ValidationError) as err:
        do_link_participant(
            actor=actor("investigator"), proceedings=scene.proceedings,
            data=ParticipantInput(role="victim", linked_on=OPENED, case=scene.case),
        )  # fmt: skip
    assert "already linked" in err.value.message_dict["case"][0]
