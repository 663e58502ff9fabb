"""Demo prevention activities for a year, after seed 002.

Called by the demo generator: ``seed_activities(recorders={"ct_unit": [...], "ngo": [...],
"national": <national admin actor>}, rng=..., year=...)`` — or simply
``seed_activities(national=..., regional=[actors], rng=..., year=...)``.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from palermo.accounts.actor import Actor
from palermo.prevention.models import Activity
from palermo.prevention.services import ActivityInput, do_record_activity
from palermo.prevention.vocab import ActivityType, Audience

SCHOOLS = [
    "Secondary School No. 12",
    "Gymnasium No. 3",
    "Lyceum No. 1",
    "College of Light Industry",
]


def seed_activities(
    *, national: Actor, regional: list[Actor], rng: random.Random, year: int
) -> list[Activity]:
    last = min(timezone.localdate(), date(year, 12, 31))
    span = max((last - date(year, 1, 1)).days, 1)

    def day() -> date:
        return date(year, 1, 1) + timedelta(days=rng.randrange(span))

    made = [
        # "A broad information campaign ... to prevent sexual exploitation of minors (2023 – 363
        # publications)" (seed 002): one line for the year's publications.
        do_record_activity(
            actor=national,
            data=ActivityInput(
                activity_type=ActivityType.PUBLICATION,
                title="Publications on preventing sexual exploitation of minors",
                starts_on=date(year, 1, 1),
                ends_on=last,
                items=363,
                audiences=[Audience.GENERAL_PUBLIC, Audience.PARENTS],
                reach=0,
                notes="National and local media, websites, social networks.",
            ),
        ),
        do_record_activity(
            actor=national,
            data=ActivityInput(
                activity_type=ActivityType.TRANSPORT_ANNOUNCEMENT,
                title="Audio and video announcements on safe departure at airports and stations",
                starts_on=date(year, 1, 1),
                ends_on=last,
                items=1,
                audiences=[Audience.TRAVELLERS],
                reach=rng.randrange(200_000, 400_000),
            ),
        ),
    ]
    for actor in regional:
        region = actor.agency.region if actor.agency else ""
        for _ in range(rng.randrange(4, 10)):
            kind = rng.choice(
                [
                    ActivityType.SCHOOL_TALK,
                    ActivityType.SCHOOL_TALK,
                    ActivityType.PARENT_MEETING,
                    ActivityType.TRAINING,
                    ActivityType.CAMPAIGN,
                ]
            )
            audiences, reach, title = {
                ActivityType.SCHOOL_TALK: (
                    [Audience.PUPILS, Audience.TEACHERS],
                    rng.randrange(30, 200),
                    f"Safe travel abroad: talk at {rng.choice(SCHOOLS)}",
                ),
                ActivityType.PARENT_MEETING: (
                    [Audience.PARENTS],
                    rng.randrange(20, 120),
                    "Children's safety on the Internet: parent meeting",
                ),
                ActivityType.TRAINING: (
                    [Audience.PROFESSIONALS],
                    rng.randrange(10, 40),
                    "Identifying victims of trafficking: training for specialists",
                ),
                ActivityType.CAMPAIGN: (
                    [Audience.JOBSEEKERS, Audience.GENERAL_PUBLIC],
                    rng.randrange(500, 5000),
                    "Information stands at job centres",
                ),
            }[kind]
            made.append(
                do_record_activity(
                    actor=actor,
                    data=ActivityInput(
                        activity_type=kind,
                        title=title,
                        region=region,
                        starts_on=day(),
                        audiences=[str(a) for a in audiences],
                        reach=reach,
                    ),
                )
            )
    return made
