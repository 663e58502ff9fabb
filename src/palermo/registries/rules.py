"""Registry rules that the jurisdiction pack does not (yet) carry: the taxpayer-number format,
which legal basis each registry decision rests on, and which agency kinds are the parties that
agree adverts. Keyed by the pack code; the legal-basis keys must exist in that pack.

A later issue may move this into a ``registries`` section of the pack; the code reads it only
through :func:`rules`, so that move changes this file alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from palermo.jurisdictions.pack import LegalBasis, get_pack


@dataclass(frozen=True)
class RegistryRules:
    # Taxpayer number (Belarus: UNP, 9 digits).
    taxpayer_number_pattern: str
    taxpayer_number_example: str
    # Legal-basis keys of the pack.
    licence_basis: str
    publication_basis: str
    tourist_deadline: str  # a deadline key: its legal basis is cited
    advert_basis: str
    student_basis: str
    organisation_step_bases: dict[str, str] = field(default_factory=dict)
    # Advert agreement: party code -> agency kinds whose users decide for it.
    advert_parties: dict[str, frozenset[str]] = field(default_factory=dict)

    def taxpayer_number_ok(self, value: str) -> bool:
        return re.fullmatch(self.taxpayer_number_pattern, value) is not None

    def taxpayer_number_error(self) -> str:
        return _("Enter a valid taxpayer number (UNP), e.g. %(example)s.") % {
            "example": self.taxpayer_number_example
        }


BELARUS = RegistryRules(
    taxpayer_number_pattern=r"\d{9}",
    taxpayer_number_example="190123456",
    licence_basis="law_350z_art14",
    publication_basis="law_350z_art16_p3",
    tourist_deadline="tourist_non_return_report",
    advert_basis="law_350z_art16_p5",
    student_basis="law_350z_art17",
    organisation_step_bases={
        "suspended": "law_350z_art29",
        "court_requested": "law_350z_art29",
        "recognised": "law_350z_art29",
        "rejected": "law_350z_art29",
        "listed": "com_reg_427",
        "liquidated": "law_350z_art29",
        "office_ban": "law_350z_art30",
    },
    advert_parties={
        "interior": frozenset({"registry", "interior_ministry"}),
        "education": frozenset({"education"}),
    },
)

RULES: dict[str, RegistryRules] = {"belarus": BELARUS}


def rules() -> RegistryRules:
    pack = get_pack()
    try:
        return RULES[pack.code]
    except KeyError:
        raise LookupError(
            f"the registries have no rules for the jurisdiction {pack.code!r}: "
            "add them to palermo/registries/rules.py"
        ) from None


def basis(key: str) -> LegalBasis:
    return get_pack().legal_basis(key)
