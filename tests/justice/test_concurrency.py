"""Racing changes of the same victim or proceedings: the rules hold whatever the order.

Real concurrency needs a database server (PostgreSQL); on SQLite these tests are skipped (SQLite
serialises writers anyway)."""

from __future__ import annotations

import pytest

from palermo.core.audit import verify_chain
from palermo.justice.models import ExpulsionSuspension, Participant, ProtectionMeasure
from palermo.justice.services import (
    MeasureInput,
    ParticipantInput,
    do_apply_measure,
    do_link_participant,
    do_record_interference,
)
from tests.concurrency import race
from tests.justice.conftest import OPENED, TODAY


@pytest.mark.parametrize("attempt", range(3))
def test_no_measure_survives_a_concurrent_interference(attempt, server_db, scene, actor):
    investigator = actor("investigator")
    victim = scene.foreign_victim
    race(
        lambda: do_apply_measure(
            actor=investigator, participant=victim,
            data=MeasureInput(kind="safety", starts_on=OPENED),
        ),
        lambda: do_record_interference(
            actor=investigator, participant=victim, recorded_on=TODAY, note="Threats."
        ),
    )  # fmt: skip
    # Whichever came first, Art. 18 part 2 holds: no measure is applied after the interference.
    assert not ProtectionMeasure.objects.filter(participant=victim, status="active").exists()
    assert Participant.objects.get(pk=victim.pk).interfered_on == TODAY
    assert verify_chain().ok


@pytest.mark.parametrize("attempt", range(3))
def test_a_person_is_linked_once(attempt, server_db, scene, actor):
    investigator = actor("investigator")
    other = scene.other

    def link() -> object:
        return do_link_participant(
            actor=investigator, proceedings=other,
            data=ParticipantInput(role="victim", linked_on=OPENED, case=scene.case),
        )  # fmt: skip

    assert sorted(race(link, link)) == ["applied", "refused"]
    assert Participant.objects.filter(proceedings=other).count() == 1
    assert not ExpulsionSuspension.objects.filter(participant__proceedings=other).exists()
    assert verify_chain().ok
