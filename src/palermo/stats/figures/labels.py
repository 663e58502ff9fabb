"""Names of the tables, their one-line definitions and the labels of their rows and columns, in
the active language (tables store codes only)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from palermo.cases.vocab import ExploitationForm, TraffickingStatus
from palermo.jurisdictions.pack import get_pack
from palermo.people.vocab import Gender
from palermo.referrals.vocab import ReferralStatus, SupportType
from palermo.stats.figures import labels_money, labels_oversight, labels_protection
from palermo.stats.figures.textbase import TableText

# CTDC's published age bands (the Counter Trafficking Data Collaborative's global dataset).
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-8", 0, 8),
    ("9-17", 9, 17),
    ("18-20", 18, 20),
    ("21-23", 21, 23),
    ("24-26", 24, 26),
    ("27-29", 27, 29),
    ("30-38", 30, 38),
    ("39-47", 39, 47),
    ("48+", 48, None),
)
UNKNOWN = "unknown"
STATELESS = "stateless"


def age_band(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    for code, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return code
    return UNKNOWN


TABLES: dict[str, TableText] = {
    "persons_status": TableText(
        gettext_lazy("Persons identified, by trafficking status"),
        gettext_lazy(
            "Persons identified in the period, each counted once; recognised if any of their "
            "cases in the period has a decision recognising them as a victim."
        ),
    ),
    "persons_sex_age": TableText(
        gettext_lazy("Persons identified, by sex and age"),
        gettext_lazy(
            "Persons identified in the period, each counted once, by sex and whether they were "
            "a minor when first identified in the period."
        ),
    ),
    "persons_age_band": TableText(
        gettext_lazy("Persons identified, by age band"),
        gettext_lazy("Age when first identified in the period, in the CTDC age bands."),
    ),
    "persons_form_age": TableText(
        gettext_lazy("Persons identified, by form of exploitation"),
        gettext_lazy("Persons identified in the period by each form of exploitation recorded."),
        gettext_lazy(
            "A person exploited in several forms counts under each, so the rows add up to more "
            "than the number of persons."
        ),
    ),
    "persons_citizenship": TableText(
        gettext_lazy("Persons identified, by citizenship"),
        gettext_lazy("Persons identified in the period, each counted once, by citizenship."),
    ),
    "persons_country": TableText(
        gettext_lazy("Persons identified, by country of exploitation"),
        gettext_lazy(
            "Country of exploitation recorded in the person's first case identified in the period."
        ),
    ),
    "persons_location": TableText(
        gettext_lazy("Persons identified, exploited inside the country or abroad"),
        gettext_lazy(
            "Exploited inside the country or abroad, by the person's first case in the period."
        ),
    ),
    "persons_region": TableText(
        gettext_lazy("Persons identified, by region"),
        gettext_lazy("Region of the person's first case identified in the period."),
    ),
    "persons_sector": TableText(
        gettext_lazy("Persons identified, by who identified them"),
        gettext_lazy(
            "Which sectors (government, NGOs, international organisations) identified the "
            "person in the period; a person known to several sectors counts once, in the row "
            "naming all of them."
        ),
    ),
    "referrals_status": TableText(
        gettext_lazy("Referrals made, by their state"),
        gettext_lazy(
            "Referrals sent in the period between agencies, by their state today (referrals, "
            "not persons)."
        ),
    ),
    "referrals_answer_time": TableText(
        gettext_lazy("Referrals answered, by time to answer"),
        gettext_lazy("Referrals sent in the period and answered, by the time the answer took."),
    ),
    "services_by_type": TableText(
        gettext_lazy("Services delivered, by type"),
        gettext_lazy(
            "Services delivered to victims in the period, by HTCDS support type (deliveries, "
            "not persons)."
        ),
    ),
    "status_decisions": TableText(
        gettext_lazy("Decisions on victim status and their time"),
        gettext_lazy(
            "Decisions made in the period, by outcome and whether they met the pack's deadline."
        ),
    ),
    **labels_protection.TABLES,
    **labels_oversight.TABLES,
    **labels_money.TABLES,
    "administrative_offences": TableText(
        gettext_lazy("Administrative offences, by article and offender"),
        gettext_lazy(
            "Decisions in the period holding a natural person or an organisation liable under "
            "an article of the Code of Administrative Offences associated with trafficking "
            "(decisions, not persons)."
        ),
    ),
}


def _status(code: str) -> str:
    return str(dict(TraffickingStatus.choices).get(code, code))


def _sex(code: str) -> str:
    return str(dict(Gender.choices).get(code, code))


def _age_group(code: str) -> str:
    return {"adult": _("Adults"), "minor": _("Minors"), UNKNOWN: _("Age not known")}.get(code, code)


def _form(code: str) -> str:
    if code == "not_recorded":
        return _("No form recorded")
    return str(dict(ExploitationForm.choices).get(code, code))


def _country(code: str) -> str:
    if code == STATELESS:
        return _("Stateless")
    if code in ("", UNKNOWN):
        return _("Not known")
    return str(countries.name(code)) or code


def _location(code: str) -> str:
    return {"inside": _("Inside the country"), "abroad": _("Abroad"), UNKNOWN: _("Not known")}.get(
        code, code
    )


def _region(code: str) -> str:
    region = get_pack().region(code) if code not in ("", UNKNOWN) else None
    return region.name() if region else _("Not known")


def _sectors(code: str) -> str:
    if code in ("", UNKNOWN):
        return _("Other or not known")
    rules = get_pack().statistics
    names = {s.code: s.name() for s in rules.sectors} if rules else {}
    parts = [names.get(part, part) for part in code.split("+")]
    if len(parts) == 1:
        return _("%(sector)s only") % {"sector": parts[0]}
    return " + ".join(parts)


def _count(code: str) -> str:
    named = {**labels_protection.COUNTS, **labels_oversight.COUNTS, **labels_money.COUNTS}
    return named[code]() if code in named else _("Persons")


def _age_band(code: str) -> str:
    return _("Not known") if code == UNKNOWN else code


def _choice(choices: Sequence[tuple[str, object]]) -> Callable[[str], str]:
    return lambda code: str(dict(choices).get(code, code))


def _answer_time(code: str) -> str:
    return {
        "same_day": _("Within a day"),
        "1_3_days": _("1 to 3 days"),
        "4_10_days": _("4 to 10 days"),
        "over_10_days": _("More than 10 days"),
    }.get(code, code)


def _timeliness(code: str) -> str:
    return {"on_time": _("On time"), "late": _("Late"), "no_deadline": _("No deadline")}.get(
        code, code
    )


def _offence_article(code: str) -> str:
    basis = get_pack().legal_bases_by_key.get(code)
    return basis.cite() if basis else code


def _offender_kind(code: str) -> str:
    return {"person": _("Natural persons"), "organisation": _("Organisations")}.get(code, code)


DIMENSIONS: dict[str, Callable[[str], str]] = {
    "offence_article": _offence_article,
    "offender_kind": _offender_kind,
    "referral_status": _choice(ReferralStatus.choices),
    "answer_time": _answer_time,
    "support_type": _choice(SupportType.choices),
    "decision_outcome": _choice(TraffickingStatus.choices),
    "timeliness": _timeliness,
    "status": _status,
    "sex": _sex,
    "age_group": _age_group,
    "age_band": _age_band,
    "form": _form,
    "country": _country,
    "location": _location,
    "region": _region,
    "sectors": _sectors,
    "count": _count,
    **labels_protection.DIMENSIONS,
    **labels_oversight.DIMENSIONS,
    **labels_money.DIMENSIONS,
}


def label(dimension: str, code: str) -> str:
    return DIMENSIONS[dimension](code)


def table_text(key: str) -> TableText:
    return TABLES[key]
