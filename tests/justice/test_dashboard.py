"""The investigating body's dashboard lists the protection measures about to run out."""

from __future__ import annotations

import re
from datetime import timedelta

from palermo.justice.services import MeasureInput, do_apply_measure
from tests.justice.conftest import OPENED, TODAY


def section(html: str) -> str:
    found = re.search(
        r'<section aria-labelledby="measures-ending-heading">.*?</section>', html, re.S
    )
    return found.group(0) if found else ""


def test_measures_ending_soon_are_on_the_investigators_dashboard(scene, actor, client_for):
    investigator = actor("investigator")
    do_apply_measure(
        actor=investigator,
        participant=scene.foreign_victim,
        data=MeasureInput(kind="safety", starts_on=OPENED, ends_on=TODAY + timedelta(days=5)),
    )
    do_apply_measure(
        actor=investigator,
        participant=scene.local_victim,
        data=MeasureInput(kind="safety", starts_on=OPENED, ends_on=TODAY + timedelta(days=90)),
    )
    shown = section(client_for("investigator").get("/").content.decode())
    assert "Protection measures ending within 14 days" in shown
    assert f"/justice/participants/{scene.foreign_victim.pk}/" in shown  # ends in 5 days
    assert f"/justice/participants/{scene.local_victim.pk}/" not in shown  # ends in 90 days


def test_other_roles_do_not_get_the_list(scene, client_for):
    for persona in ("officer_minsk", "caseworker_gomel", "migration_officer", "admin"):
        assert not section(client_for(persona).get("/").content.decode()), persona
