"""The HTCDS 2.0 tables for an agreed partner: persons (prs_), victim context (vic_), cases (cas_),
support delivered (spl_) and consents (con_), with the standard's field names and value names.

Identity columns (prs_FirstName, prs_MiddleName, prs_SecondName, prs_Birthdate) are filled only
for a person with consent in force, on one of the exported cases, for the purpose the export is
made for; for everyone else they stay empty, and without identities they are left out entirely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet

from palermo.cases.models import Case, CaseExploitation, Consent
from palermo.cases.vocab import (
    HTCDS_CASE_STATUS,
    HTCDS_EXPLOITATION_TYPE,
    HTCDS_TRAFFICKING_STATUS,
    CaseStatus,
    ConsentPurpose,
    ExploitationForm,
    TraffickingStatus,
)
from palermo.people.models import Person
from palermo.people.vocab import HTCDS_GENDER, Gender
from palermo.referrals.catalogue import get_catalogue
from palermo.referrals.models import ServiceDelivery
from palermo.stats.exchange.files import Table

IDENTITY_COLUMNS = ("prs_FirstName", "prs_MiddleName", "prs_SecondName", "prs_Birthdate")
PRS = ("prs_Id", *IDENTITY_COLUMNS, "prs_Gender", "prs_Nationality")
VIC = (
    "vic_PersonId",
    "vic_CaseId",
    "vic_TraffickingStatus",
    "vic_TypeOfExploitation",
    "vic_CountryOfRecruitment",
    "vic_CountryOfExploitation",
    "vic_AgeAtIdentification",
    "vic_AgreementToManagePersonalData",
)
CAS = (
    "cas_Id",
    "cas_PersonId",
    "cas_Status",
    "cas_IdentificationDate",
    "cas_ClosedDate",
    "cas_Region",
    "cas_Organisation",
)
SPL = ("spl_CaseId", "spl_Type", "spl_Service", "spl_Date", "spl_Organisation")
CON = ("con_CaseId", "con_Purpose", "con_GivenDate", "con_GivenBy", "con_WithdrawnDate")


@dataclass
class HtcdsTables:
    tables: dict[str, Table]
    counts: dict[str, int]
    identities: list[str] = field(default_factory=list)  # references of persons shown by name


def _htcds(mapping: dict[Any, str], enum: type[Any], value: str) -> str:
    return mapping.get(enum(value), value) if value in enum.values else value


def build_tables(cases: QuerySet[Case], *, purpose: str, include_identity: bool) -> HtcdsTables:
    case_list = list(
        cases.select_related("owning_agency").order_by("identified_on", "id").defer("narrative")
    )
    case_ids = [c.pk for c in case_list]
    forms: dict[int, set[str]] = {}
    for case_id, form in CaseExploitation.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "form"
    ):
        forms.setdefault(case_id, set()).add(form)
    consents = list(
        Consent.objects.filter(case_id__in=case_ids)
        .order_by("case_id", "purpose", "given_on", "id")
        .values_list("case_id", "purpose", "given_on", "given_by", "withdrawn_on", "withdrawn_at")
    )
    in_force = {(c[0], c[1]) for c in consents if c[5] is None}
    person_ids = sorted({c.person_id for c in case_list})
    covered = {c.person_id for c in case_list if (c.pk, purpose) in in_force}
    references = {c.pk: c.reference for c in case_list}

    persons = Person.objects.filter(pk__in=person_ids).order_by("reference")
    # Only the persons whose consent covers the purpose are decrypted.
    shown = {p.pk: p for p in Person.objects.filter(pk__in=covered)} if include_identity else {}
    prs_header = PRS if include_identity else tuple(c for c in PRS if c not in IDENTITY_COLUMNS)
    prs_rows: list[list[object]] = []
    identities: list[str] = []
    for p in persons.only("id", "reference", "gender", "citizenship"):
        row: list[object] = [p.reference]
        if include_identity:
            named = shown.get(p.pk)
            if named is not None:
                identities.append(p.reference)
                given = named.given_name or named.given_name_latin
                family = named.family_name or named.family_name_latin
                row += [given, named.patronymic, family, named.date_of_birth]
            else:
                row += ["", "", "", ""]
        row += [_htcds(HTCDS_GENDER, Gender, p.gender), str(p.citizenship or "")]
        prs_rows.append(row)

    vic_rows, cas_rows = [], []
    for c in case_list:
        types = sorted(
            {_htcds(HTCDS_EXPLOITATION_TYPE, ExploitationForm, f) for f in forms.get(c.pk, set())}
        )
        vic_rows.append(
            [
                c.person.reference,
                c.reference,
                _htcds(HTCDS_TRAFFICKING_STATUS, TraffickingStatus, c.trafficking_status),
                ";".join(types),
                str(c.country_of_recruitment or ""),
                str(c.country_of_exploitation or ""),
                c.age_at_identification,
                (c.pk, ConsentPurpose.DATA_MANAGEMENT.value) in in_force,
            ]
        )
        cas_rows.append(
            [
                c.reference,
                c.person.reference,
                _htcds(HTCDS_CASE_STATUS, CaseStatus, c.status),
                c.identified_on,
                c.closed_on,
                c.region,
                c.owning_agency.name,
            ]
        )
    catalogue = get_catalogue()
    spl_rows: list[list[object]] = []
    for d in (
        ServiceDelivery.objects.filter(case_id__in=case_ids)
        .select_related("agency")
        .order_by("case_id", "delivered_on", "id")
    ):
        kind = catalogue.get(d.service_type)
        spl_rows.append(
            [
                references[d.case_id],
                kind.htcds_name if kind else "",
                d.service_type,
                d.delivered_on,
                d.agency.name,
            ]
        )
    con_rows = [
        [references[case_id], purpose_, given_on, given_by, withdrawn_on]
        for case_id, purpose_, given_on, given_by, withdrawn_on, _at in consents
    ]
    tables: dict[str, Table] = {
        "prs_person": (prs_header, prs_rows),
        "vic_victim": (VIC, vic_rows),
        "cas_case": (CAS, cas_rows),
        "spl_support": (SPL, spl_rows),
        "con_consent": (CON, con_rows),
    }
    counts = {
        "prs_person": len(prs_rows),
        "vic_victim": len(vic_rows),
        "cas_case": len(cas_rows),
        "spl_support": len(spl_rows),
        "con_consent": len(con_rows),
    }
    return HtcdsTables(tables=tables, counts=counts, identities=identities)


def year_range(year_from: int | None, year_to: int | None) -> dict[str, date]:
    lookup: dict[str, date] = {}
    if year_from is not None:
        lookup["identified_on__gte"] = date(year_from, 1, 1)
    if year_to is not None:
        lookup["identified_on__lte"] = date(year_to, 12, 31)
    return lookup
