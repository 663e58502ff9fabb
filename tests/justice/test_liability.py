"""Liability of persons and organisations involved in trafficking (seed 000 §3.2): the Art. 30
consequences for foreign nationals, seen by migration officers in the expulsion check, and the
administrative offences of the Code of Administrative Offences, counted in the statistics."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from palermo.core.models import AuditEvent
from palermo.jurisdictions.pack import SHIPPED_PACKS, get_pack, load_pack
from palermo.justice.models import AdministrativeOffence, ForeignNationalConsequence
from palermo.justice.services import (
    ConsequenceInput,
    ExpulsionQuery,
    OffenceInput,
    do_check_expulsion,
    do_record_consequence,
    do_record_offence,
)
from palermo.stats.figures import Filters, Period, compute_figures
from palermo.stats.figures.labels import label
from palermo.stats.figures.tables import published_grid
from tests.justice.test_pack_section import SHIPPED, problems

pytestmark = pytest.mark.django_db
DECIDED = date(2026, 2, 16)


def consequence(**overrides: object) -> ConsequenceInput:
    values: dict[str, object] = {
        "kind": "registration_refused",
        "decision_number": "14/2026",
        "decided_on": DECIDED,
        "issuing_body": "Citizenship and Migration Department, Minsk",
        "family_name": "Петренко",
        "given_name": "Богдан",
        "family_name_latin": "Petrenko",
        "given_name_latin": "Bohdan",
        "date_of_birth": date(1984, 7, 9),
        "citizenship_status": "citizen",
        "citizenship": "UA",
        "grounds": "Recruited women for a Moscow brothel (proceedings 12600001).",
    }
    values.update(overrides)
    return ConsequenceInput(**values)  # type: ignore[arg-type]


def check(actor, **query):
    return do_check_expulsion(
        actor=actor("migration_officer"), query=ExpulsionQuery(purpose="File 90/2026", **query)
    )


# --- Art. 30 --------------------------------------------------------------------------------


def test_art30_refused_registration_is_shown_in_the_expulsion_check(actor):
    """Law No. 350-Z Art. 30 (seed 000 §3.2): "foreign nationals and stateless persons involved
    in human trafficking or associated offenses are denied registration or extension of stay and
    their period of temporary stay in the country can be reduced" — recorded with the decision's
    legal basis, number, date and issuing body, and shown to migration officers."""
    recorded = do_record_consequence(actor=actor("migration_officer"), data=consequence())
    assert recorded.legal_basis == "law_350z_art30"
    answer = check(actor, name="Bohdan Petrenko", date_of_birth=date(1984, 7, 9))
    assert not answer.suspended  # he is no victim: Art. 22 does not protect him
    (fact,) = answer.consequences
    assert fact.kind_name == "Registration refused"
    assert fact.citation == "Law No. 350-Z, Art. 30"
    assert (fact.decision_number, fact.decided_on) == ("14/2026", DECIDED)
    assert fact.issuing_body == "Citizenship and Migration Department, Minsk"
    # The check says nothing of the grounds or of who recorded it.
    assert not hasattr(fact, "grounds") and not hasattr(fact, "agency")
    # Cyrillic spelling finds the same person; another birthday finds nobody.
    assert check(actor, name="Петренко", date_of_birth=date(1984, 7, 9)).consequences
    assert check(actor, name="Bohdan Petrenko", date_of_birth=date(1984, 7, 10)).consequences == ()


def test_art30_shortened_stay_needs_its_new_last_day(actor):
    """Art. 30: "their period of temporary stay in the country can be reduced" — the decision
    sets the new last day of the stay."""
    officer = actor("migration_officer")
    with pytest.raises(ValidationError) as err:
        do_record_consequence(actor=officer, data=consequence(kind="stay_shortened"))
    assert "stay_until" in err.value.message_dict
    until = DECIDED + timedelta(days=10)
    do_record_consequence(actor=officer, data=consequence(kind="stay_shortened", stay_until=until))
    (fact,) = check(actor, name="Petrenko Bohdan", date_of_birth=date(1984, 7, 9)).consequences
    assert fact.kind == "stay_shortened" and fact.stay_until == until


def test_art30_permits_refused_or_annulled_are_listed_together(actor):
    """Art. 30: "they can also be denied permits for temporary and permanent residence in
    Belarus or such permits can be annulled"."""
    officer = actor("migration_officer")
    do_record_consequence(
        actor=officer, data=consequence(kind="temporary_residence_annulled", decision_number="7")
    )
    do_record_consequence(
        actor=officer, data=consequence(kind="permanent_residence_refused", decision_number="8")
    )
    kinds = {
        c.kind for c in check(actor, name="Petrenko", date_of_birth=date(1984, 7, 9)).consequences
    }
    assert kinds == {"temporary_residence_annulled", "permanent_residence_refused"}


def test_art30_concerns_foreign_nationals_and_stateless_persons_only(actor):
    """Art. 30 speaks of "foreign nationals and stateless persons": a citizen of Belarus is
    refused; a stateless person is accepted."""
    officer = actor("migration_officer")
    with pytest.raises(ValidationError) as err:
        do_record_consequence(actor=officer, data=consequence(citizenship="BY"))
    assert "Law No. 350-Z, Art. 30" in err.value.message_dict["citizenship"][0]
    stateless = do_record_consequence(
        actor=officer, data=consequence(citizenship_status="stateless", citizenship="")
    )
    assert stateless.citizenship_status == "stateless"


def test_a_bad_decision_is_refused_whole_naming_every_field(actor):
    with pytest.raises(ValidationError) as err:
        do_record_consequence(
            actor=actor("migration_officer"),
            data=consequence(
                kind="banished",
                decision_number="",
                issuing_body="",
                decided_on=date.today() + timedelta(days=3),
                date_of_birth=None,
                family_name="",
                given_name="",
                family_name_latin="",
                given_name_latin="",
            ),
        )
    assert set(err.value.message_dict) >= {
        "kind", "decision_number", "issuing_body", "decided_on", "date_of_birth", "family_name",
    }  # fmt: skip
    assert ForeignNationalConsequence.objects.count() == 0


def test_the_same_decision_is_recorded_once(actor):
    officer = actor("migration_officer")
    do_record_consequence(actor=officer, data=consequence())
    with pytest.raises(ValidationError) as err:
        do_record_consequence(actor=officer, data=consequence())
    assert "already recorded" in err.value.message_dict["decision_number"][0]
    assert ForeignNationalConsequence.objects.count() == 1


def test_recording_and_checking_are_audited_without_names(actor):
    do_record_consequence(actor=actor("migration_officer"), data=consequence())
    event = AuditEvent.objects.get(action="justice.foreign_national_consequence_recorded")
    assert event.data["kind"] == "registration_refused"
    assert event.data["legal_basis"] == "law_350z_art30"
    assert "Petrenko" not in str(event.data) and "Петренко" not in str(event.data)
    check(actor, name="Petrenko", date_of_birth=date(1984, 7, 9))
    checked = AuditEvent.objects.get(action="justice.expulsion_checked")
    assert checked.data["art30_decisions"] == 1 and checked.purpose == "File 90/2026"


def test_only_the_migration_bodies_record_art30_decisions(actor):
    for persona in ("investigator", "officer_minsk", "registry_officer", "analyst"):
        with pytest.raises(ValidationError):
            do_record_consequence(actor=actor(persona), data=consequence())
    assert ForeignNationalConsequence.objects.count() == 0


# --- administrative offences ------------------------------------------------------------------


def offence(**overrides: object) -> OffenceInput:
    values: dict[str, object] = {
        "offender_kind": "organisation",
        "organisation_name": "Star Models LLC",
        "taxpayer_number": "191234567",
        "article": "aoc_23_65",
        "offence_date": date(2026, 1, 20),
        "decided_on": DECIDED,
        "deciding_body": "Court of the Central District of Minsk",
        "decision_number": "5-112/2026",
        "penalty": "fine",
        "penalty_amount": Decimal("50"),
    }
    values.update(overrides)
    return OffenceInput(**values)  # type: ignore[arg-type]


def person_offence(**overrides: object) -> OffenceInput:
    values: dict[str, object] = {
        "offender_kind": "person",
        "organisation_name": "",
        "taxpayer_number": "",
        "family_name": "Сідарэнка",
        "given_name": "Ігар",
        "date_of_birth": date(1979, 3, 1),
        "citizenship": "BY",
        "article": "aoc_9_23",
        "penalty": "fine",
        "penalty_amount": Decimal("20"),
    }
    values.update(overrides)
    return offence(**values)


def test_seed_articles_and_penalties_are_pack_data():
    """Seed 000 §3.2: "article 9.23 [...], article 23.65 “Illegal castings”, article 12.15
    “Violation of legislation on advertising”, part 3 of article 22.16 [...], part 5 of article
    12.7 “Illegal entrepreneurial activity”"."""
    rules = load_pack(SHIPPED_PACKS / "belarus").justice
    assert rules is not None and rules.offences is not None
    assert [a.basis.cite("en") for a in rules.offences.articles] == [
        "Code of Administrative Offences, Art. 9.23",
        "Code of Administrative Offences, Art. 23.65",
        "Code of Administrative Offences, Art. 12.15",
        "Code of Administrative Offences, Art. 22.16 part 3",
        "Code of Administrative Offences, Art. 12.7 part 5",
    ]
    assert rules.offences.article("aoc_23_65").basis.title("en") == "Illegal castings"  # type: ignore[union-attr]
    assert rules.offences.penalty("fine").unit == "base_units"  # type: ignore[union-attr]
    assert rules.foreign_nationals is not None
    assert rules.foreign_nationals.kind("stay_shortened").needs_until  # type: ignore[union-attr]


def test_an_organisation_fined_for_illegal_castings(actor):
    """Seed 000 §3.2: "Both physical persons and organizations can be subjects of liability for
    human trafficking and associated offenses" — article 23.65 "Illegal castings"."""
    recorded = do_record_offence(actor=actor("registry_officer"), data=offence())
    assert recorded.offender_name == "Star Models LLC"
    assert (recorded.article, recorded.penalty, recorded.penalty_unit) == (
        "aoc_23_65", "fine", "base_units",
    )  # fmt: skip
    assert recorded.penalty_amount == Decimal("50")
    event = AuditEvent.objects.get(action="justice.offence_recorded")
    assert event.data["article"] == "aoc_23_65" and event.data["offender_kind"] == "organisation"


def test_a_citizen_held_liable_for_employment_abroad(actor):
    """Seed 000 §3.2: "Citizens can be held liable under [...] article 9.23 “Violation of
    procedure and terms of employment outside the Republic of Belarus”"; a natural person's
    name is stored encrypted and stays out of the audit log."""
    recorded = do_record_offence(actor=actor("officer_minsk"), data=person_offence())
    assert recorded.offender_name == "Сідарэнка Ігар"
    assert recorded.region == "BY-HM"  # the recording agency's region by default
    event = AuditEvent.objects.get(action="justice.offence_recorded")
    assert "Сідарэнка" not in str(event.data)


def test_penalties_follow_the_pack(actor):
    officer = actor("officer_minsk")
    with pytest.raises(ValidationError) as err:
        do_record_offence(actor=officer, data=offence(penalty="arrest", penalty_amount=Decimal(5)))
    assert "cannot be imposed" in err.value.message_dict["penalty"][0]  # not on an organisation
    with pytest.raises(ValidationError) as err:
        do_record_offence(actor=officer, data=offence(penalty_amount=None))
    assert "penalty_amount" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        do_record_offence(actor=officer, data=offence(penalty="warning"))
    assert "no amount" in err.value.message_dict["penalty_amount"][0]
    with pytest.raises(ValidationError) as err:
        do_record_offence(actor=officer, data=offence(article="cc_181"))
    assert "article" in err.value.message_dict
    arrest = do_record_offence(
        actor=officer, data=person_offence(penalty="arrest", penalty_amount=Decimal(10))
    )
    assert arrest.penalty_unit == "days"
    assert AdministrativeOffence.objects.count() == 1


def test_a_bad_offence_names_every_field_and_writes_nothing(actor):
    with pytest.raises(ValidationError) as err:
        do_record_offence(
            actor=actor("investigator"),
            data=offence(
                offender_kind="person",
                deciding_body="",
                decided_on=None,
                offence_date=date(2026, 3, 1),
                region="XX-00",
            ),
        )
    assert set(err.value.message_dict) >= {
        "family_name", "organisation_name", "deciding_body", "decided_on", "region",
    }  # fmt: skip
    assert AdministrativeOffence.objects.count() == 0


def test_offences_are_counted_by_article_year_and_offender(actor):
    """Administrative offences count in the National Rapporteur's statistics (Law No. 350-Z
    Art. 26) by article and kind of offender, the year before beside them."""
    officer = actor("officer_minsk")
    for n in range(12):
        do_record_offence(actor=officer, data=offence(decision_number=f"c-{n}"))
    for n in range(3):
        do_record_offence(actor=officer, data=person_offence(decision_number=f"p-{n}"))
    do_record_offence(
        actor=officer,
        data=person_offence(decided_on=date(2025, 6, 1), offence_date=date(2025, 5, 1)),
    )
    figures = compute_figures(Filters(Period.year(2026)))
    table = next(t for t in figures.tables if t.key == "administrative_offences")
    cells = dict(zip(table.rows, table.cells, strict=True))
    assert cells["aoc_23_65"] == [0, 12]
    assert cells["aoc_9_23"] == [3, 0]
    assert cells["aoc_12_15"] == [0, 0]
    assert table.total == 15
    previous = figures.previous_of("administrative_offences")
    assert previous is not None and previous.total == 1
    assert label("offence_article", "aoc_23_65") == "Code of Administrative Offences, Art. 23.65"
    assert label("offender_kind", "organisation") == "Organisations"
    # Narrowed by region: Gomel recorded none.
    gomel = compute_figures(Filters(Period.year(2026), region="BY-HO"))
    assert next(t for t in gomel.tables if t.key == "administrative_offences").total == 0
    # Published under the pack's rule (k = 11), like every table: the 3 persons are hidden, and
    # so is what would give them away (15 - 12 = 3).
    rule = get_pack().disclosure
    assert rule is not None
    grid = published_grid(table, rule)
    assert grid.cells[table.rows.index("aoc_9_23")][0] is None
    published = [v for v in grid.published_values if v is not None]
    assert all(v == 0 or v >= rule.k for v in published)
    assert not (grid.grand_total == 15 and grid.cells[table.rows.index("aoc_23_65")][1] == 12)


# --- the pack checker -------------------------------------------------------------------------


def test_pack_mistakes_in_the_liability_blocks_are_reported(tmp_path: Path):
    broken = (
        SHIPPED.replace("      - article: aoc_12_15\n", "      - article: aoc_99_99\n")
        .replace("        unit: base_units\n", "        unit: roubles_and_kopecks\n")
        .replace("        offenders: [person]\n", "        offenders: [robot]\n", 1)
        .replace(
            "    persons: [foreign_national, stateless, citizenship_unknown]\n",
            "    persons: [martian]\n",
        )
        .replace("        needs_until: true\n", "        needs_until: sometimes\n")
    )
    found = "\n".join(problems(tmp_path, broken))
    assert "administrative_offences.articles[2].article" in found
    assert "'aoc_99_99' is not a legal basis of this pack" in found
    assert "'roubles_and_kopecks' is not a unit of penalty" in found
    assert "'robot' is not a kind of offender" in found
    assert "'martian' is not a kind of person" in found
    assert "needs_until must be true or false" in found or "must be true or false" in found
    assert "justice.yaml:" in found
