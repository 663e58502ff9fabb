"""Demo hotline traffic: calls over a year with realistic topics, a few tips and handovers.

Called by the demo generator: ``seed_calls(operator=<hotline operator actor>, rng=..., year=...,
count=...)``. Most calls are about safe travel and work abroad and checking an agency (seed 004
§32: "constant access of the general public to reliable information on safe travel and stay
abroad through the toll-free hot-line"); few are about suspected trafficking.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.utils import timezone

from palermo.accounts.actor import Actor
from palermo.hotline.models import Call
from palermo.hotline.services import CallInput, do_log_call, do_submit_public_tip
from palermo.hotline.vocab import CallLanguage, Channel, Outcome, Topic

TOPICS = [
    (Topic.SAFE_TRAVEL, 45), (Topic.AGENCY_CHECK, 25), (Topic.SUSPECTED_TRAFFICKING, 8),
    (Topic.VICTIM_HELP, 3), (Topic.MISSING_PERSON, 4), (Topic.OTHER, 15),
]  # fmt: skip
CHANNELS = [(Channel.PHONE, 70), (Channel.MESSENGER, 15), (Channel.CHAT, 10), (Channel.EMAIL, 5)]
LANGUAGES = [
    (CallLanguage.RU, 80),
    (CallLanguage.BE, 15),
    (CallLanguage.UK, 3),
    (CallLanguage.EN, 2),
]
REGIONS = [
    ("BY-HM", 25), ("BY-MI", 14), ("BY-HO", 14), ("BY-BR", 13), ("BY-VI", 12), ("BY-HR", 11),
    ("BY-MA", 11), ("", 5),
]  # fmt: skip
OUTCOME_BY_TOPIC: dict[str, str] = {
    Topic.SAFE_TRAVEL: Outcome.ADVICE_GIVEN,
    Topic.AGENCY_CHECK: Outcome.AGENCY_CHECKED,
    Topic.SUSPECTED_TRAFFICKING: Outcome.OPEN,
    Topic.VICTIM_HELP: Outcome.OPEN,
    Topic.MISSING_PERSON: Outcome.REDIRECTED,
    Topic.OTHER: Outcome.NO_ACTION,
}
PORTAL_TIPS = [
    "An agency in a shopping centre offers waitress jobs in Turkey; they ask for the passport for "
    '"visa processing" and a fee.',
    "My cousin went to work on a construction site near Moscow and has not been paid for three "
    "months; they took her documents.",
    'An advert on a social network promises 3,000 euros a month for "hostesses" in Dubai, no '
    "experience needed.",
]


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


# The hotline answers on working days from 8:00 to 20:00.
OPEN_HOUR, CLOSE_HOUR = 8, 20


def _in_working_hours(rng: random.Random, moment: datetime, end: datetime) -> datetime:
    """A time in the hotline's opening hours on the working day of (or before) ``moment``."""
    day = moment.date()
    while day.weekday() >= 5:  # a weekend's call goes to the Friday before
        day -= timedelta(days=1)
    minutes = rng.randrange((CLOSE_HOUR - OPEN_HOUR) * 60)
    received = datetime(day.year, day.month, day.day, OPEN_HOUR, tzinfo=moment.tzinfo) + timedelta(
        minutes=minutes
    )
    # Never in the future: a call drawn later today than now moves back a week.
    return received if received <= end else received - timedelta(days=7)


def seed_calls(*, operator: Actor, rng: random.Random, year: int, count: int = 150) -> list[Call]:
    start = datetime(year, 1, 1, 8, 0, tzinfo=timezone.get_current_timezone())
    end = min(timezone.now(), datetime(year, 12, 31, 20, 0, tzinfo=timezone.get_current_timezone()))
    span = max(int((end - start).total_seconds()), 1)
    calls = []
    for _ in range(count):
        topic = _pick(rng, TOPICS)
        received = _in_working_hours(rng, start + timedelta(seconds=rng.randrange(span)), end)
        agreed = topic in (Topic.SUSPECTED_TRAFFICKING, Topic.VICTIM_HELP) and rng.random() < 0.5
        calls.append(
            do_log_call(
                actor=operator,
                data=CallInput(
                    channel=_pick(rng, CHANNELS),
                    topic=topic,
                    region=_pick(rng, REGIONS),
                    language=_pick(rng, LANGUAGES),
                    outcome=OUTCOME_BY_TOPIC[topic],
                    consent_contact=agreed,
                    consent_share=agreed,
                    caller_contact=f"+375 29 {rng.randrange(100, 999)}-{rng.randrange(10, 99)}-"
                    f"{rng.randrange(10, 99)}"
                    if agreed
                    else "",
                    received_at=received,
                ),
            )
        )
    for text in PORTAL_TIPS:
        do_submit_public_tip(region=_pick(rng, REGIONS[:-1]), what_happened=text)
    return calls
