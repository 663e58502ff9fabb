"""Titles, definitions and labels of the shelter, return and criminal-justice tables
(:mod:`palermo.stats.figures.shelters`, :mod:`palermo.stats.figures.justice`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palermo.jurisdictions.pack import get_pack
from palermo.justice.vocab import LegalPersonKind, MeasureStatus
from palermo.stats.figures.textbase import TableText

TABLES: dict[str, TableText] = {
    "shelter_admissions": TableText(
        gettext_lazy("Shelter admissions, by region and kind of place"),
        gettext_lazy(
            "Admissions to a place in a shelter in the period, by the facility's region and the "
            "kind of place (admissions, not persons; a transfer is not a new admission)."
        ),
    ),
    "shelter_bed_days": TableText(
        gettext_lazy("Bed-days in shelters, by region and kind of place"),
        gettext_lazy(
            "Nights residents spent in a place within the period, by the facility's region and "
            "the kind of place."
        ),
        gettext_lazy(
            "A number of nights is withheld when fewer residents than the disclosure rule "
            "requires stayed in that cell."
        ),
    ),
    "shelter_refusals": TableText(
        gettext_lazy("Shelter admissions refused, by ground"),
        gettext_lazy(
            "Requests for admission refused in the period, by the point of the rules that "
            "refused them, or because the facility does not admit the person's group."
        ),
        gettext_lazy(
            "A refusal on several grounds counts under each, so the rows may add up to more "
            "than the total."
        ),
    ),
    "returns_by_country": TableText(
        gettext_lazy("Assisted voluntary returns, by country of return"),
        gettext_lazy("Assisted voluntary returns whose departure was in the period (returns)."),
    ),
    "justice_proceedings": TableText(
        gettext_lazy("Criminal proceedings, by article and stage"),
        gettext_lazy(
            "Criminal proceedings opened in the period, by Criminal Code article charged and "
            "their stage today."
        ),
        gettext_lazy(
            "Proceedings under several articles count under each, so the rows add up to more "
            "than the number of proceedings."
        ),
    ),
    "justice_suspects": TableText(
        gettext_lazy("Suspects and accused, by stage of the proceedings"),
        gettext_lazy(
            "Suspects and accused persons named in criminal proceedings opened in the period, by "
            "the stage of the proceedings today (a person in two proceedings counts twice)."
        ),
    ),
    "justice_suspects_per_proceedings": TableText(
        gettext_lazy("Criminal proceedings, by number of suspects and accused"),
        gettext_lazy(
            "Criminal proceedings opened in the period, by how many suspects and accused persons "
            "they name."
        ),
        gettext_lazy(
            "Each proceeding is counted once. Suspects are counted within a proceeding: the "
            "system does not link suspect records of different proceedings to one person."
        ),
    ),
    "justice_legal_persons": TableText(
        gettext_lazy("Legal persons used for trafficking, by kind"),
        gettext_lazy(
            "Legal persons named in criminal proceedings opened in the period, by kind of business."
        ),
    ),
    "justice_protection_measures": TableText(
        gettext_lazy("Protection measures applied, by measure"),
        gettext_lazy(
            "Protection measures (Law No. 350-Z Art. 18) applied from a day in the period, by "
            "measure and whether they are still applied or have ended (measures, not persons)."
        ),
    ),
    "justice_protection_measures_ended": TableText(
        gettext_lazy("Protection measures ended, by measure and ground"),
        gettext_lazy(
            "Protection measures that ended in the period, whenever they were applied: by a "
            "decision, or because the victim interfered with the investigation or the trial "
            "(Law No. 350-Z Art. 18 part 2)."
        ),
    ),
    "justice_expulsion_suspensions": TableText(
        gettext_lazy("Expulsions suspended during proceedings"),
        gettext_lazy(
            "Expulsions or deportations of foreign victims and witnesses suspended from a day in "
            "the period (Law No. 350-Z Art. 22), by whether they are still suspended or why the "
            "suspension ended."
        ),
    ),
}


def _place_kind(code: str) -> str:
    rules = get_pack().shelters
    kind = rules.place_kind(code) if rules else None
    return kind.name() if kind else code


def _refusal_ground(code: str) -> str:
    if code == "group_not_admitted":
        return _("The facility does not admit the person's group")
    basis = get_pack().legal_bases_by_key.get(code)
    return basis.cite() if basis else code


def _article(code: str) -> str:
    basis = get_pack().legal_bases_by_key.get(code)
    return basis.cite() if basis else code


def _stage(code: str) -> str:
    rules = get_pack().justice
    return rules.stage_name(code) if rules else code


def _measure(code: str) -> str:
    rules = get_pack().justice
    measure = rules.measure(code) if rules else None
    return measure.name() if measure else code


def _measure_end(code: str) -> str:
    return {
        "by_decision": _("Ended by a decision"),
        "by_rule": _("Ended: the victim interfered (Art. 18 part 2)"),
    }.get(code, code)


def _suspension_state(code: str) -> str:
    return {
        "still_suspended": _("Still suspended"),
        "verdict": _("Ended: verdict delivered"),
        "participation_ended": _("Ended: participation in the proceedings ended"),
        "not_applicable": _("Ended: no longer applicable"),
    }.get(code, _("Ended: reason not known"))


def _suspect_count(code: str) -> str:
    return {
        "none": _("No suspect named"),
        "one": _("One suspect"),
        "two": _("Two suspects"),
        "three_four": _("Three or four suspects"),
        "five_plus": _("Five or more suspects"),
    }.get(code, code)


def _choice(choices: Sequence[tuple[str, object]]) -> Callable[[str], str]:
    return lambda code: str(dict(choices).get(code, code))


COUNTS: dict[str, Callable[[], str]] = {
    "refusals": lambda: _("Refusals"),
    "returns": lambda: _("Returns"),
    "suspects": lambda: _("Suspects and accused"),
    "legal_persons": lambda: _("Legal persons"),
    "proceedings": lambda: _("Criminal proceedings"),
    "suspensions": lambda: _("Suspensions"),
}

DIMENSIONS: dict[str, Callable[[str], str]] = {
    "place_kind": _place_kind,
    "refusal_ground": _refusal_ground,
    "article": _article,
    "stage": _stage,
    "legal_person_kind": _choice(LegalPersonKind.choices),
    "measure": _measure,
    "measure_status": _choice(MeasureStatus.choices),
    "suspension_state": _suspension_state,
    "measure_end": _measure_end,
    "suspect_count": _suspect_count,
}
