"""The `palermo` console command: generate, audit verify and argument errors."""

from __future__ import annotations

import pytest
from django.db import transaction

from palermo.cases.models import Case
from palermo.cli import main
from palermo.core.audit import seal_pending
from palermo.core.models import AuditEvent
from palermo.people.models import Person
from tests.core.audit_tools import tamper


@pytest.mark.django_db
def test_generate_makes_realistic_cases(capsys):
    assert main(["generate", "--seed", "3", "--cases", "120"]) == 0
    assert "Generated 120 cases" in capsys.readouterr().out
    cases = Case.objects.all()
    assert cases.count() == 120
    women = Person.objects.filter(gender="female").count()
    assert 50 <= women <= 95  # about 62 % in the seed figures
    russia = cases.filter(country_of_exploitation="RU").count()
    assert russia > cases.count() / 3  # Russia is the main country of exploitation
    assert len({c.owning_agency.region for c in cases}) == 7
    latin = Person.objects.first()
    assert latin.family_name_latin and all(ord(ch) < 128 for ch in latin.family_name_latin)


@pytest.mark.django_db
def test_generate_is_deterministic_for_a_seed():
    from palermo.demo.generator import generate

    with transaction.atomic():  # the first run is rolled back, so the second starts afresh
        first = [
            (c.person.family_name, c.region, c.identified_on) for c in generate(seed=9, cases=15)
        ]
        transaction.set_rollback(True)
    assert not Case.objects.exists()
    second = [(c.person.family_name, c.region, c.identified_on) for c in generate(seed=9, cases=15)]
    assert first == second


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["generate", "--cases", "many"], "'many' is not a whole number"),
        (["generate", "--cases", "-5"], "is negative"),
        (["audit"], "required"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_arguments_are_named(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.django_db
def test_audit_verify_through_the_cli(capsys, actor):
    from palermo.cases.services import do_register_case
    from tests.conftest import case_input, person_input

    do_register_case(actor=actor("officer_minsk"), person=person_input(), case=case_input())
    assert main(["audit", "verify"]) == 0
    assert "intact" in capsys.readouterr().out
    event = AuditEvent.objects.filter(action="case.registered").get()
    seal_pending()
    tamper("UPDATE {table} SET action = %s WHERE seq = %s", ["case.viewed", event.seq])
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr()
    assert f"#{event.seq}" in out.out + out.err
