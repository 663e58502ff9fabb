"""Two requests at the same moment (PostgreSQL): a package is taken in once, a referral answered
once, and a double-clicked send seals one package."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError

from palermo.crossborder.models import IncomingReferral, OutgoingReferral
from palermo.crossborder.package import PackageRefused
from palermo.crossborder.services import (
    AnswerInput,
    SendInput,
    do_answer_incoming,
    do_receive_package,
    do_send_referral,
)
from palermo.crossborder.vocab import Decision
from tests.concurrency import sorted_race


def refusal_as_validation(step: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        try:
            return step()
        except PackageRefused as exc:
            raise ValidationError(exc.message) from None

    return run


def test_the_same_package_posted_twice_at_once_is_taken_in_once(server_db, abroad):  # type: ignore[no-untyped-def]
    text = abroad.referral()

    def receive() -> object:
        return do_receive_package(text=text, actor=None, channel="api")

    assert sorted_race(refusal_as_validation(receive), refusal_as_validation(receive)) == [
        "applied",
        "refused",
    ]
    assert IncomingReferral.objects.count() == 1


def test_two_answers_at_once_one_wins(server_db, abroad, actor):  # type: ignore[no-untyped-def]
    incoming = do_receive_package(text=abroad.referral(), actor=None, channel="api").incoming
    assert incoming is not None

    def answer(decision: str) -> Callable[[], object]:
        return lambda: do_answer_incoming(
            actor=actor("officer_minsk"),
            incoming=incoming,
            expected_version=incoming.version,
            data=AnswerInput(decision=decision, reason="r", region="BY-HM"),
        )

    assert sorted_race(answer(Decision.ACCEPT), answer(Decision.DECLINE)) == [
        "applied",
        "refused",
    ]


def test_a_double_clicked_send_seals_one_package(server_db, abroad, consented_case, actor):  # type: ignore[no-untyped-def]
    def send() -> object:
        return do_send_referral(
            actor=actor("officer_minsk"),
            case=consented_case,
            data=SendInput(partner_id=abroad.partner.pk, parts=["profile"]),
        )

    assert sorted_race(send, send) == ["applied", "refused"]
    assert OutgoingReferral.objects.count() == 1
