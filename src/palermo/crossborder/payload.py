"""What a cross-border referral carries: only the parts the sender chose, under HTCDS 2.0 names.

HTCDS names (``prs_``, ``vic_``, ``hte_``, ``cas_``) are used where the standard has the field;
the few values it has no field for (Latin spellings of names, the exact form of exploitation)
use the ``x_palermo_`` prefix, so a partner without Palermo can ignore them.

The receiving side checks every field's type and value before anything is stored: a package that
passed its signature check can still carry nonsense from a faulty sender.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django_countries import countries

from palermo.cases.models import Case
from palermo.cases.vocab import HTCDS_EXPLOITATION_TYPE, ExploitationForm
from palermo.crossborder.vocab import ReferralReason, SharedPart
from palermo.people.services import PersonInput
from palermo.people.vocab import HTCDS_GENDER, CitizenshipStatus, Gender

SCHEMA = "HTCDS-2.0"
MAX_TEXT = 20000
MAX_NAME = 200

# HTCDS vic_TypeOfExploitation -> the nearest Palermo form, for packages without the exact form.
_FORM_OF_HTCDS_TYPE = {
    "SexualExploitation": ExploitationForm.SEXUAL_EXPLOITATION,
    "ForcedLabour": ExploitationForm.FORCED_LABOUR,
    "Other": ExploitationForm.OTHER,
}
_GENDER_OF_HTCDS = {v: k for k, v in HTCDS_GENDER.items()}

NAME_FIELDS = {
    "prs_SecondName": "family_name",
    "prs_FirstName": "given_name",
    "prs_MiddleName": "patronymic",
    "x_palermo_SecondNameLatin": "family_name_latin",
    "x_palermo_FirstNameLatin": "given_name_latin",
}
_TEXT_FIELDS = {
    "cas_IncomingReferralDetails",
    "cas_ReferringOrganisation",
    "hte_Description",
    *NAME_FIELDS,
}
_KNOWN = _TEXT_FIELDS | {
    "schema",
    "cas_ReasonForIncomingReferral",
    "org_ShippingCountry",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Nationality",
    "vic_TypeOfExploitation",
    "x_palermo_ExploitationForms",
    "hte_Events",
}


def build_payload(
    *,
    case: Case,
    parts: list[str],
    reason: str,
    note: str,
    organisation: str,
    country: str,
) -> dict[str, Any]:
    """The minimal document for ``case``: the referral's own fields and the chosen parts only."""
    person = case.person
    payload: dict[str, Any] = {
        "schema": SCHEMA,
        "cas_ReasonForIncomingReferral": reason,
        "cas_IncomingReferralDetails": note,
        "cas_ReferringOrganisation": organisation,
        "org_ShippingCountry": country,
    }
    if SharedPart.NAMES in parts:
        for key, attr in NAME_FIELDS.items():
            value = str(getattr(person, attr) or "")
            if value:
                payload[key] = value
    born: object = person.date_of_birth
    if SharedPart.DATE_OF_BIRTH in parts and isinstance(born, date):
        payload["prs_Birthdate"] = born.isoformat()
    if SharedPart.PROFILE in parts:
        payload["prs_Gender"] = HTCDS_GENDER.get(person.gender, "Unknown")  # type: ignore[call-overload]
        payload["prs_Nationality"] = str(person.citizenship or "")
    if SharedPart.EXPLOITATION in parts:
        forms = case.exploitation_form_codes
        payload["x_palermo_ExploitationForms"] = sorted(forms)
        payload["vic_TypeOfExploitation"] = sorted(
            {HTCDS_EXPLOITATION_TYPE.get(f, "Other") for f in forms}  # type: ignore[call-overload]
        )
        events = []
        if case.country_of_recruitment:
            events.append(
                {"hte_Type": "Recruitment", "hte_Country": str(case.country_of_recruitment)}
            )
        if case.country_of_exploitation:
            events.append(
                {"hte_Type": "Exploitation", "hte_Country": str(case.country_of_exploitation)}
            )
        payload["hte_Events"] = events
    if SharedPart.CIRCUMSTANCES in parts and case.narrative:
        payload["hte_Description"] = str(case.narrative)
    return payload


class ContentError(ValueError):
    """The decrypted content is not a valid referral; the message names the field."""


@dataclass
class IncomingContent:
    """A checked incoming referral, ready to show and to register."""

    reason: str
    details: str
    organisation: str
    country: str
    names: dict[str, str] = field(default_factory=dict)
    date_of_birth: date | None = None
    gender: str = Gender.UNKNOWN
    nationality: str = ""
    exploitation_forms: list[str] = field(default_factory=list)
    country_of_recruitment: str = ""
    country_of_exploitation: str = ""
    circumstances: str = ""
    shared: list[str] = field(default_factory=list)

    def person_input(self, **names: str) -> PersonInput:
        values = {attr: self.names.get(attr, "") for attr in NAME_FIELDS.values()}
        values.update({k: v for k, v in names.items() if v is not None})
        return PersonInput(
            **values,
            date_of_birth=self.date_of_birth,
            gender=self.gender,
            citizenship_status=(
                CitizenshipStatus.CITIZEN if self.nationality else CitizenshipStatus.UNKNOWN
            ),
            citizenship=self.nationality,
        )


def _text(payload: dict[str, Any], key: str, limit: int = MAX_TEXT) -> str:
    value = payload.get(key, "")
    if not isinstance(value, str) or len(value) > limit:
        raise ContentError(_("The field %(field)s is not valid text.") % {"field": key})
    return value.strip()


def _country(value: object, key: str) -> str:
    if value in ("", None):
        return ""
    if not isinstance(value, str) or value.upper() not in dict(countries):
        raise ContentError(
            _("The field %(field)s is not an ISO 3166 country code.") % {"field": key}
        )
    return value.upper()


def _codes(value: object, key: str, allowed: set[str]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ContentError(_("The field %(field)s must be a list of codes.") % {"field": key})
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise ContentError(
            _("The field %(field)s has unknown values: %(values)s.")
            % {"field": key, "values": ", ".join(unknown[:5])}
        )
    return sorted(set(value))


def read_payload(payload: object) -> IncomingContent:
    """Checks a decrypted referral field by field; ContentError names the first bad field."""
    if not isinstance(payload, dict):
        raise ContentError(_("The package carries no referral."))
    unknown = sorted(set(payload) - _KNOWN)
    if unknown:
        raise ContentError(
            _("The package has fields this installation does not know: %(fields)s.")
            % {"fields": ", ".join(unknown[:5])}
        )
    if payload.get("schema") != SCHEMA:
        raise ContentError(_("The package does not follow %(schema)s.") % {"schema": SCHEMA})
    reason = payload.get("cas_ReasonForIncomingReferral")
    if reason not in ReferralReason.values:
        raise ContentError(
            _("The field %(field)s has an unknown value.")
            % {"field": "cas_ReasonForIncomingReferral"}
        )
    content = IncomingContent(
        reason=str(reason),
        details=_text(payload, "cas_IncomingReferralDetails"),
        organisation=_text(payload, "cas_ReferringOrganisation", MAX_NAME),
        country=_country(payload.get("org_ShippingCountry"), "org_ShippingCountry"),
    )
    for key, attr in NAME_FIELDS.items():
        if key in payload:
            content.names[attr] = _text(payload, key, MAX_NAME)
    if content.names:
        content.shared.append(SharedPart.NAMES)
    if "prs_Birthdate" in payload:
        try:
            content.date_of_birth = date.fromisoformat(str(payload["prs_Birthdate"]))
        except ValueError:
            raise ContentError(
                _("The field %(field)s is not a date.") % {"field": "prs_Birthdate"}
            ) from None
        content.shared.append(SharedPart.DATE_OF_BIRTH)
    if "prs_Gender" in payload:
        gender = payload["prs_Gender"]
        if gender not in _GENDER_OF_HTCDS:
            raise ContentError(
                _("The field %(field)s has an unknown value.") % {"field": "prs_Gender"}
            )
        content.gender = _GENDER_OF_HTCDS[gender]
        content.nationality = _country(payload.get("prs_Nationality"), "prs_Nationality")
        content.shared.append(SharedPart.PROFILE)
    if "vic_TypeOfExploitation" in payload or "x_palermo_ExploitationForms" in payload:
        types = _codes(
            payload.get("vic_TypeOfExploitation", []),
            "vic_TypeOfExploitation",
            set(_FORM_OF_HTCDS_TYPE),
        )
        exact = _codes(
            payload.get("x_palermo_ExploitationForms", []),
            "x_palermo_ExploitationForms",
            set(ExploitationForm.values),
        )
        content.exploitation_forms = exact or sorted({_FORM_OF_HTCDS_TYPE[t] for t in types})
        _read_events(payload.get("hte_Events", []), content)
        content.shared.append(SharedPart.EXPLOITATION)
    if "hte_Description" in payload:
        content.circumstances = _text(payload, "hte_Description")
        content.shared.append(SharedPart.CIRCUMSTANCES)
    return content


def _read_events(events: object, content: IncomingContent) -> None:
    if not isinstance(events, list) or len(events) > 10:
        raise ContentError(
            _("The field %(field)s must be a list of events.") % {"field": "hte_Events"}
        )
    for event in events:
        if not isinstance(event, dict) or event.get("hte_Type") not in (
            "Recruitment",
            "Exploitation",
        ):
            raise ContentError(
                _("The field %(field)s must be a list of events.") % {"field": "hte_Events"}
            )
        country = _country(event.get("hte_Country"), "hte_Country")
        if event["hte_Type"] == "Recruitment":
            content.country_of_recruitment = country
        else:
            content.country_of_exploitation = country
