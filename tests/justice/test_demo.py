"""The demo data of the justice app: made through the services, on the demo cases."""

from __future__ import annotations

from palermo.demo.generator import generate
from palermo.justice.demo import seed_proceedings
from palermo.justice.models import ExpulsionSuspension, Participant, Proceedings
from palermo.justice.rules import person_condition


def test_demo_proceedings(actor):
    generate(seed=2026, cases=80)
    made = seed_proceedings(officer=actor("officer_minsk"), investigator=actor("investigator"))
    assert [p.stage for p in made] == ["investigation", "investigation", "verdict"]
    victims = Participant.objects.filter(role="victim", case__isnull=False)
    conditions = {person_condition(p.person) for p in victims}
    assert "citizen" in conditions and conditions - {"citizen"}
    # Foreign victims of running proceedings: suspended; the verdict ended the third's.
    open_rows = ExpulsionSuspension.objects.filter(ended_on__isnull=True)
    assert open_rows.exists()
    assert not open_rows.filter(participant__proceedings=made[2]).exists()
    assert ExpulsionSuspension.objects.filter(end_reason="verdict").count() == 1
    assert (
        seed_proceedings(officer=actor("officer_minsk"), investigator=actor("investigator")) == []
    )
    assert Proceedings.objects.count() == 3


def test_demo_liability(actor):
    from palermo.justice.demo import seed_liability
    from palermo.justice.models import AdministrativeOffence

    made = seed_liability(
        officer=actor("officer_minsk"),
        registrar=actor("registry_officer"),
        migration=actor("migration_officer"),
    )
    assert made == 17
    assert set(AdministrativeOffence.objects.values_list("article", flat=True)) == {
        "aoc_9_23", "aoc_23_65", "aoc_12_15", "aoc_22_16_p3", "aoc_12_7_p5",
    }  # fmt: skip
    assert (
        seed_liability(
            officer=actor("officer_minsk"),
            registrar=actor("registry_officer"),
            migration=actor("migration_officer"),
        )
        == 0
    )
