"""`palermo generate --bulk`: a synthetic national history, marked synthetic, one audit event."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palermo.accounts.actor import Actor
from palermo.cases.models import Case, CaseExploitation
from palermo.cli import main
from palermo.core.audit import AuditEvent
from palermo.people.models import Person
from palermo.referrals.models import Referral, ServiceDelivery
from palermo.stats.exchange.ctdc import QUASI_IDENTIFIERS
from palermo.stats.exchange.kanon import is_k_anonymous
from palermo.stats.exchange.models import SyntheticRun
from palermo.stats.exchange.services import PeriodInput, do_release_ctdc

pytestmark = pytest.mark.django_db


def test_the_bulk_history_is_realistic_and_marked_synthetic(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["generate", "--bulk", "--cases", "1200", "--seed", "4"]) == 0
    assert "Generated 1200 synthetic cases" in capsys.readouterr().out
    cases = Case.objects.all()
    assert cases.count() == 1200 == Person.objects.count()
    assert not cases.exclude(reference__startswith="SYN").exists()
    run = SyntheticRun.objects.get()
    assert (run.cases, run.persons) == (1200, 1200)
    assert cases.filter(pk__gte=run.first_case_id, pk__lte=run.last_case_id).count() == 1200
    # One audit event for the whole run, none per row.
    assert AuditEvent.objects.filter(action="stats.synthetic_generated").count() == 1
    assert not AuditEvent.objects.filter(
        action__in=["case.registered", "service.delivered", "referral.sent"]
    ).exists()
    # The seeds' distributions: about 62 % women, Russia the main country, sexual exploitation
    # the main form, years of identifications, services and referrals.
    women = Person.objects.filter(gender="female").count()
    assert 0.55 < women / 1200 < 0.69
    assert cases.filter(country_of_exploitation="RU").count() > 1200 / 3
    forms = dict(CaseExploitation.objects.values_list("form").annotate(n=Count("id")))
    assert max(forms, key=lambda f: forms[f]) == "sexual_exploitation"
    assert cases.values("identified_on__year").distinct().count() >= 10
    assert ServiceDelivery.objects.count() > 1000
    assert Referral.objects.count() > 200
    assert len({c.region for c in cases}) == 7


def test_statistics_run_on_the_bulk_history(actor: Callable[[str], Actor]) -> None:
    assert main(["generate", "--bulk", "--cases", "600", "--seed", "2"]) == 0
    release = do_release_ctdc(actor=actor("analyst"), data=PeriodInput())
    assert 0 < release.rows <= 600
    assert release.report["rows_in"] == 600


def test_a_bad_count_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--bulk", "--cases", "0"]) == 1
    assert "between 1 and" in capsys.readouterr().err
    assert not SyntheticRun.objects.exists()


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(min_value=0, max_value=10**6), cases=st.integers(min_value=1, max_value=400)
)
def test_the_released_file_is_k_anonymous_for_random_histories(
    seed: int, cases: int, actor: Callable[[str], Actor]
) -> None:
    """Random national histories (the data accumulate across examples): every released file is
    k-anonymous on its quasi-identifiers, whatever the population."""
    from palermo.stats.exchange.services import do_generate_bulk

    do_generate_bulk(cases=cases, seed=seed)
    release = do_release_ctdc(actor=actor("analyst"), data=PeriodInput())
    rows = list(csv.DictReader(io.StringIO(bytes(release.content or b"").decode("utf-8-sig"))))
    assert len(rows) == release.rows
    assert is_k_anonymous(rows, QUASI_IDENTIFIERS, 11)
