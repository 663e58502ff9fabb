"""The mechanism's activity figures: referrals and their answers, decisions and their deadline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.cases.services.decisions import DecisionInput, do_decide_status
from palermo.referrals.services import do_accept_referral, do_send_referral
from palermo.stats.figures import Filters, Period, compute_figures
from tests.referrals.conftest import consent, directory, gomel_agency, referral_input

pytestmark = pytest.mark.django_db
__all__ = ["consent", "directory", "gomel_agency"]  # fixtures shared with the referral tests


def rows(key: str, year: int) -> dict[str, list[int]]:
    table = next(t for t in compute_figures(Filters(Period.year(year))).tables if t.key == key)
    return dict(zip(table.rows, table.cells, strict=True))


def test_referrals_made_and_answered_are_counted(
    actor: Callable[[str], Actor], minsk_case: Case, directory: None, gomel_agency: object
) -> None:
    sent = do_send_referral(
        actor=actor("officer_minsk"),
        case=minsk_case,
        data=referral_input(gomel_agency.pk),  # type: ignore[attr-defined]
    )
    year = sent.sent_on.year
    assert rows("referrals_status", year)["sent"] == [1]
    do_accept_referral(actor=actor("caseworker_gomel"), referral=sent)
    assert rows("referrals_status", year)["accepted"] == [1]
    assert rows("referrals_answer_time", year)["same_day"] == [1]


def test_decisions_are_counted_by_outcome_and_deadline(
    actor: Callable[[str], Actor], minsk_case: Case
) -> None:
    do_decide_status(
        actor=actor("officer_minsk"),
        case=minsk_case,
        data=DecisionInput(
            outcome="actual",
            legal_basis="law_350z_art1",
            decided_on=date(2026, 3, 10),
            reasons="Recruited by deception.",
        ),
        expected_status="possible",
    )
    decisions = rows("status_decisions", 2026)
    assert decisions["actual"] == [1, 0, 0]  # on time (due 16 March)
    assert rows("persons_status", 2026)["actual"] == [1]
