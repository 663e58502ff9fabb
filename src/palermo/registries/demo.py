"""Demo registries: licences of employment and marriage agencies, and tourist agencies' reports
of tourists who did not return (most on time, some late), so the registry officer's screens and
dashboard show a working registry. Synthetic: names and numbers are made up."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from palermo.accounts.actor import Actor
from palermo.registries.models import Licence, TouristReport
from palermo.registries.services import (
    LicenceInput,
    TouristInput,
    TouristReportInput,
    do_register_licence,
    do_register_tourist_report,
)
from palermo.registries.vocab import HolderType, LicenceKind

LICENSEES = [
    ("ООО «Работа за рубежом»", LicenceKind.EMPLOYMENT_ABROAD),
    ("ООО «ЕвроТрудСервис»", LicenceKind.EMPLOYMENT_ABROAD),
    ("ЧУП «Вакансии Балтики»", LicenceKind.EMPLOYMENT_ABROAD),
    ("ООО «Кадровый центр Запад»", LicenceKind.EMPLOYMENT_ABROAD),
    ("ОДО «Сезонная работа»", LicenceKind.EMPLOYMENT_ABROAD),
    ("ООО «Морские кадры»", LicenceKind.EMPLOYMENT_ABROAD),
    ("ИП Ковалёв Д. С.", LicenceKind.EMPLOYMENT_ABROAD),
    ("ООО «Семейный круг»", LicenceKind.MARRIAGE_AGENCY),
    ("ЧУП «Две половинки»", LicenceKind.MARRIAGE_AGENCY),
    ("ИП Лисовская А. В.", LicenceKind.MARRIAGE_AGENCY),
]
TOUR_AGENCIES = [
    ("ТурЭкспресс", "BY-HM"),
    ("Вояж-Гомель", "BY-HO"),
    ("Брестинтур", "BY-BR"),
    ("Витебсктурист", "BY-VI"),
    ("Неман-Тур", "BY-HR"),
]
DESTINATIONS = ["AE", "TR", "EG", "PL", "LT", "GE", "CN"]
TOURISTS = [
    ("Сідарэнка", "Алеся", "Іванаўна", "female"),
    ("Кавалёў", "Дзмітрый", "Сяргеевіч", "male"),
    ("Петрова", "Анна", "Викторовна", "female"),
    ("Мельник", "Олег", "Петрович", "male"),
    ("Жукава", "Святлана", "Аляксандраўна", "female"),
]
REPORTS = 24
LATE_SHARE = 0.2  # reports a tourist agency sends after the deadline


def _unp(rng: random.Random, first: str) -> str:
    return first + "".join(str(rng.randrange(10)) for _ in range(8))


def seed_registries(*, registrar: Actor, rng: random.Random, today: date | None = None) -> int:
    """Licences and tourist reports, once (nothing when the registry has entries already)."""
    today = today or timezone.localdate()
    if Licence.objects.exists() or TouristReport.objects.exists():
        return 0
    created = 0
    for n, (holder, kind) in enumerate(LICENSEES, start=1):
        issued = today - timedelta(days=rng.randint(60, 5 * 365))
        individual = holder.startswith("ИП ")
        do_register_licence(
            actor=registrar,
            data=LicenceInput(
                kind=kind,
                number=f"02230/{n:07d}",
                holder_name=holder,
                holder_type=HolderType.INDIVIDUAL_ENTREPRENEUR
                if individual
                else HolderType.LEGAL_PERSON,
                taxpayer_number=_unp(rng, "1"),
                issued_on=issued,
                valid_from=issued,
                valid_until=None,
            ),
        )
        created += 1
    agencies = [(name, region, _unp(rng, "6")) for name, region in TOUR_AGENCIES]
    for n in range(1, REPORTS + 1):
        name, region, unp = rng.choice(agencies)
        returned = today - timedelta(days=rng.randint(10, 180))
        # On time: within the deadline's working days; late: one to three weeks after.
        delay = rng.randint(8, 20) if rng.random() < LATE_SHARE else rng.randint(1, 4)
        family, given, patronymic, gender = rng.choice(TOURISTS)
        do_register_tourist_report(
            actor=registrar,
            data=TouristReportInput(
                report_number=f"{n}/{returned.year}",
                agency_name=name,
                agency_taxpayer_number=unp,
                region=region,
                destination_country=rng.choice(DESTINATIONS),
                departed_on=returned - timedelta(days=rng.randint(7, 14)),
                returned_on=returned,
                reported_on=min(returned + timedelta(days=delay), today),
                tourists=[
                    TouristInput(
                        family_name=family,
                        given_name=given,
                        patronymic=patronymic,
                        date_of_birth=date(rng.randint(1970, 2004), rng.randint(1, 12), 10),
                        gender=gender,
                        citizenship="BY",
                    )
                ],
            ),
        )
        created += 1
    return created
