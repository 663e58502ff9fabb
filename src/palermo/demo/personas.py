"""The fixed personas of DESIGN.md, shared by the demo and the test suite.

Agencies come from the jurisdiction pack's catalogue where the pack names the body; the few the
catalogue cannot name (a particular shelter, an NGO with no relation to anything) are created.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from palermo.accounts.models import Agency, Membership, User
from palermo.accounts.services import do_add_membership, do_create_agency, do_create_user
from palermo.jurisdictions.pack import get_pack

DEMO_PASSWORD = "Palermo-demo-2026"  # noqa: S105  (public on purpose: demo data only)


@dataclass(frozen=True)
class AgencySpec:
    """Either a catalogue entry (kind + region to find it) or an agency to create."""

    kind: str
    region: str = ""
    name: str = ""  # set: create this agency if absent (not in the catalogue)


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    role: str
    agency: AgencySpec
    description: str


PERSONAS = [
    Persona("officer_minsk", "Andrei", "Kavaliou", "ct_officer", AgencySpec("ct_unit", "BY-HM"),
            "officer of the Minsk-city counter-trafficking unit"),
    Persona("caseworker_gomel", "Volha", "Novik", "case_worker",
            AgencySpec("ngo", "BY-HO"),
            "case worker of an NGO in Gomel"),
    Persona("shelter_manager", "Hanna", "Zhuk", "shelter_manager",
            AgencySpec("shelter_operator"),
            "manager of a centre for protection and assistance to victims"),
    Persona("investigator", "Siarhei", "Marozau", "investigator", AgencySpec("investigative_committee"),
            "investigator of the Investigative Committee"),
    Persona("hotline_operator", "Iryna", "Radzevich", "hotline_operator", AgencySpec("hotline"),
            "operator of the hotline on safe travel and work abroad"),
    Persona("registry_officer", "Pavel", "Stsiapanau", "registry_officer", AgencySpec("registry"),
            "registry officer of the Ministry of Internal Affairs"),
    Persona("analyst", "Tatsiana", "Karpovich", "analyst", AgencySpec("national_rapporteur"),
            "national analyst (National Rapporteur's office)"),
    Persona("admin", "Mikalai", "Pashkevich", "national_admin", AgencySpec("national_rapporteur"),
            "national administrator"),
    Persona("migration_officer", "Aliaksandr", "Hrynevich", "migration_officer", AgencySpec("migration"),
            "officer of the Department of Citizenship and Migration"),
    Persona("fund_officer", "Natallia", "Lis", "fund_officer",
            AgencySpec("compensation_fund", name="State Compensation Fund for Victims of Trafficking"),
            "officer keeping the State Compensation Fund's ledger"),
    Persona("outsider", "Yury", "Shymanovich", "case_worker",
            AgencySpec("ngo", "BY-HR", name="Grodno Outsider Association"),
            "case worker of an agency with no relation to anything"),
]  # fmt: skip


@transaction.atomic
def ensure_catalogue_agencies() -> dict[str, Agency]:
    """Creates an Agency for every catalogue entry of the pack that has none yet."""
    pack = get_pack()
    existing = {a.catalogue_code: a for a in Agency.objects.exclude(catalogue_code=None)}
    for entry in pack.agencies:
        if entry.code not in existing:
            existing[entry.code] = do_create_agency(
                actor=None,
                name=entry.name("en"),
                kind=entry.kind.code,
                region=entry.region.code if entry.region else "",
                catalogue_code=entry.code,
            )
    return existing  # type: ignore[return-value]


def resolve_agency(spec: AgencySpec) -> Agency:
    if spec.name:
        agency = Agency.objects.filter(name=spec.name).first()
        return agency or do_create_agency(
            actor=None, name=spec.name, kind=spec.kind, region=spec.region
        )
    candidates = Agency.objects.filter(kind=spec.kind, catalogue_code__isnull=False)
    if spec.region:
        candidates = candidates.filter(region=spec.region)
    agency = candidates.order_by("id").first()
    if agency is None:
        raise LookupError(
            f"the jurisdiction pack has no agency of kind {spec.kind!r} {spec.region}"
        )
    return agency


@transaction.atomic
def ensure_persona(persona: Persona, password: str = DEMO_PASSWORD) -> Membership:
    agency = resolve_agency(persona.agency)
    user = User.objects.filter(username=persona.username).first()
    if user is None:
        user = do_create_user(
            actor=None,
            username=persona.username,
            password=password,
            first_name=persona.first_name,
            last_name=persona.last_name,
        )
    existing = Membership.objects.filter(user=user, agency=agency, role=persona.role).first()
    return existing or do_add_membership(actor=None, user=user, agency=agency, role=persona.role)


@transaction.atomic
def ensure_personas(password: str = DEMO_PASSWORD) -> dict[str, Membership]:
    ensure_catalogue_agencies()
    return {p.username: ensure_persona(p, password) for p in PERSONAS}
