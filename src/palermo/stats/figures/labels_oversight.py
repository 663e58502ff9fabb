"""Titles, definitions and labels of the registry, hotline and prevention tables
(:mod:`palermo.stats.figures.oversight`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palermo.hotline.vocab import Outcome, TipSource, TipStatus, Topic
from palermo.prevention.vocab import ActivityType
from palermo.registries.vocab import (
    EXPIRED,
    EXPIRED_LABEL,
    LicenceKind,
    LicenceStatus,
    OrganisationStage,
)
from palermo.stats.figures.textbase import TableText

TABLES: dict[str, TableText] = {
    "registry_licences": TableText(
        gettext_lazy("Licences, by kind and state"),
        gettext_lazy(
            "Licences for placing citizens in jobs abroad and for marriage agencies issued up to "
            "the end of the period, by their state today (expired when valid only until before "
            "the end of the period). The register is national."
        ),
    ),
    "registry_licence_decisions": TableText(
        gettext_lazy("Decisions on licences, by kind and decision"),
        gettext_lazy(
            "Licences suspended, revoked or restored by a decision made in the period "
            "(decisions, not licences)."
        ),
    ),
    "registry_organisations": TableText(
        gettext_lazy("Organisations involved in trafficking, by stage"),
        gettext_lazy(
            "Organisations whose activity the Prosecutor General suspended in the period, by the "
            "stage of the procedure today. The register is national."
        ),
    ),
    "registry_tourist_reports": TableText(
        gettext_lazy("Reports of tourists who did not return, by region and timeliness"),
        gettext_lazy(
            "Reports received in the period from tourist agencies about tourists who did not "
            "return, by the agency's region and whether the report was late."
        ),
    ),
    "hotline_calls": TableText(
        gettext_lazy("Hotline calls, by topic and outcome"),
        gettext_lazy(
            "Calls and messages to the hotline received in the period, by topic and outcome "
            "(calls, not persons)."
        ),
    ),
    "hotline_tips": TableText(
        gettext_lazy("Tips about trafficking, by source and what was done"),
        gettext_lazy(
            "Tips received in the period from the portal or a hotline call, by whether they "
            "were forwarded to a counter-trafficking unit."
        ),
    ),
    "prevention_activities": TableText(
        gettext_lazy("Prevention activities, by type"),
        gettext_lazy("Prevention activities that began in the period, by type."),
    ),
    "prevention_reach": TableText(
        gettext_lazy("People reached by prevention activities, by type"),
        gettext_lazy(
            "People reached by the prevention activities that began in the period, as the "
            "organisers recorded them (one person reached twice counts twice)."
        ),
        gettext_lazy(
            "A number reached is withheld when fewer activities than the disclosure rule "
            "requires stand behind it."
        ),
    ),
}


def _choice(choices: Sequence[tuple[str, object]]) -> Callable[[str], str]:
    return lambda code: str(dict(choices).get(code, code))


def _licence_state(code: str) -> str:
    return (
        str(EXPIRED_LABEL) if code == EXPIRED else str(dict(LicenceStatus.choices).get(code, code))
    )


def _licence_decision(code: str) -> str:
    names: dict[str, str] = {
        LicenceStatus.SUSPENDED.value: _("Suspended"),
        LicenceStatus.REVOKED.value: _("Revoked"),
        LicenceStatus.ACTIVE.value: _("Restored"),
    }
    return names.get(code, code)


COUNTS: dict[str, Callable[[], str]] = {
    "organisations": lambda: _("Organisations"),
    "activities": lambda: _("Activities"),
    "people_reached": lambda: _("People reached"),
}

DIMENSIONS: dict[str, Callable[[str], str]] = {
    "licence_kind": _choice(LicenceKind.choices),
    "licence_state": _licence_state,
    "organisation_stage": _choice(OrganisationStage.choices),
    "licence_decision": _licence_decision,
    "call_topic": _choice(Topic.choices),
    "call_outcome": _choice(Outcome.choices),
    "tip_source": _choice(TipSource.choices),
    "tip_status": _choice(TipStatus.choices),
    "activity_type": _choice(ActivityType.choices),
}
