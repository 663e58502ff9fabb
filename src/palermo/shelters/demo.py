"""Demo shelters: four facilities of three operators, and residents referred by the Minsk-city
counter-trafficking unit to the Minsk centre — admitted, waiting, discharged, transferred and one
refusal — all through the services (consent, referral, acceptance, admission).

Called by the demo command after the synthetic cases exist: ``seed_shelters()``. Safe to call
again: it does nothing once a facility exists. Agencies the configured pack lacks are skipped.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from palermo.accounts.actor import Actor, actor_for_membership
from palermo.accounts.models import Agency, Membership, User
from palermo.accounts.services import do_add_membership, do_create_user
from palermo.cases.models import Case
from palermo.cases.services import ConsentInput, consent_covers, do_record_consent, is_minor_on
from palermo.cases.vocab import OPEN_STATUSES
from palermo.core.errors import ConflictError
from palermo.demo.personas import DEMO_PASSWORD, ensure_personas
from palermo.jurisdictions.pack import get_pack
from palermo.people.vocab import CitizenshipStatus
from palermo.referrals.demo import ensure_service_directory
from palermo.referrals.services import ReferralInput, do_accept_referral, do_send_referral
from palermo.shelters.file_facts import file_facts
from palermo.shelters.models import Facility
from palermo.shelters.rules import shelter_rules
from palermo.shelters.services import (
    AdmissionInput,
    DischargeInput,
    FacilityInput,
    do_add_to_waiting_list,
    do_admit,
    do_create_facility,
    do_discharge,
    do_transfer,
)

# (operator's catalogue code, name, region, places by kind, groups left out, guard)
FACILITIES: list[tuple[str, str, str, dict[str, int], set[str], str]] = [
    ("minsk_assistance_centre", "Minsk Centre — main house", "BY-HM",
     {"women": 6, "men": 3, "women_with_children": 2, "pregnant_women": 1, "minors": 2,
      "individual": 1}, set(), "law_enforcement"),
    ("minsk_assistance_centre", "Minsk Centre — Barysau house", "BY-MI",
     {"women": 3, "individual": 1}, {"minors"}, "law_enforcement"),
    ("tcss_gomel", "Gomel crisis room", "BY-HO",
     {"women": 2, "men": 1, "women_with_children": 1}, {"minors"}, "alarm_to_police"),
    ("ywca_belarus", "YWCA house for mothers and children", "BY-VI",
     {"women_with_children": 3, "pregnant_women": 2, "women": 1}, {"men", "minors"},
     "private_security"),
]  # fmt: skip
PERMISSION_GIVER = "Бацька / маці (demo)"


def _manager(agency: Agency, personas: dict[str, Membership]) -> Actor:
    """The operator's shelter manager: the persona for the Minsk centre, a demo user elsewhere."""
    persona = personas.get("shelter_manager")
    if persona is not None and persona.agency_id == agency.pk:
        return actor_for_membership(persona)
    username = f"shelter_{agency.catalogue_code or agency.pk}"[:150]
    user = User.objects.filter(username=username).first() or do_create_user(
        actor=None, username=username, password=DEMO_PASSWORD
    )
    membership = Membership.objects.filter(
        user=user, agency=agency, role="shelter_manager"
    ).first() or do_add_membership(actor=None, user=user, agency=agency, role="shelter_manager")
    return actor_for_membership(membership)


def _facts(case: Case, today: date, admitted_on: date) -> AdmissionInput | None:
    """Admission facts from what the case says; None for a person the demo does not place."""
    age = file_facts(case, admitted_on).age  # on the day of admission, as the service checks
    sex = str(case.person.gender)
    if age is None or sex not in ("female", "male"):
        return None
    if case.person.citizenship_status == CitizenshipStatus.STATELESS:
        citizenship = "stateless"
    elif str(case.person.citizenship) in ("", get_pack().country):
        citizenship = "national"
    else:
        citizenship = "foreign"
    minor = age < 18
    return AdmissionInput(
        place_kind="minors" if minor else ("women" if sex == "female" else "men"),
        sex=sex,
        age=age,
        residence_region=case.region,
        citizenship=citizenship,
        disease="none",
        guardian_relation="parent" if minor else "",
        guardian_name=PERMISSION_GIVER if minor else "",
        guardian_permission_on=admitted_on if minor else None,
        admitted_on=admitted_on,
    )


def _refer(officer: Actor, manager: Actor, case: Case, centre: Agency, *, minor: bool) -> None:
    if not consent_covers(case, "sharing_with_referral_agencies"):
        # Consent dates from identification: whoever was a minor then consents through a parent,
        # even if an adult by the day of admission.
        minor = bool(is_minor_on(case, case.identified_on)) or minor
        do_record_consent(
            actor=officer,
            case=case,
            data=ConsentInput(
                purpose="sharing_with_referral_agencies",
                given_on=case.identified_on,
                given_by="parent" if minor else "person",
                giver_name=PERMISSION_GIVER if minor else "",
                purpose_explained=True,
                uses_explained=True,
                research_use_explained=True,
                right_of_access_explained=True,
                retention_explained=True,
                withdrawal_explained=True,
            ),
        )
    referral = do_send_referral(
        actor=officer,
        case=case,
        data=ReferralInput(
            to_agency_id=centre.pk,
            services=["shelter"],
            reason="additional_services_required",
            urgency="urgent",
            details="Demo: needs a safe place to stay.",
            share=["identity", "exploitation"],
        ),
    )
    do_accept_referral(actor=manager, referral=referral)


def seed_shelters(*, rng: random.Random | None = None, residents: int = 8) -> list[Facility]:
    rules = shelter_rules()
    if Facility.objects.exists() or rules is None:
        return []
    rng = rng or random.Random(2026)  # noqa: S311 (demo data, not secrets)
    personas = ensure_personas()
    ensure_service_directory()
    agencies = {
        a.catalogue_code: a
        for a in Agency.objects.filter(catalogue_code__in={f[0] for f in FACILITIES})
    }
    facilities: list[Facility] = []
    for code, name, region, places, left_out, guard in FACILITIES:
        agency = agencies.get(code)
        if agency is None or not rules.may_operate(agency.kind):
            continue
        facilities.append(
            do_create_facility(
                actor=_manager(agency, personas),
                data=FacilityInput(
                    name=name,
                    region=region,
                    address=f"{name}: the address is kept here for the operator (demo)",
                    guard=guard,
                    guard_details="Duty unit of the district department of internal affairs (demo)",
                    admitted_groups=[g.code for g in rules.groups if g.code not in left_out],
                    places={k: v for k, v in places.items() if rules.place_kind(k)},
                ),
            )
        )
    minsk = [f for f in facilities if f.operator.catalogue_code == "minsk_assistance_centre"]
    officer_membership = personas.get("officer_minsk")
    if not minsk or officer_membership is None:
        return facilities
    main, branch = minsk[0], (minsk[1] if len(minsk) > 1 else None)
    officer = actor_for_membership(officer_membership)
    manager = _manager(main.operator, personas)
    today = timezone.localdate()
    cases = list(
        Case.objects.filter(owning_agency=officer.agency, status__in=OPEN_STATUSES)
        .select_related("person")
        .order_by("-identified_on", "id")[: residents * 2]
    )
    placed = 0
    for index, case in enumerate(cases):
        if placed >= residents:
            break
        admitted_on = max(case.identified_on, today - timedelta(days=rng.randint(5, 120)))
        data = _facts(case, today, admitted_on)
        if data is None:
            continue
        _refer(
            officer,
            manager,
            case,
            main.operator,
            minor=bool(data.age is not None and data.age < 18),
        )
        if index == 1:
            data.disease = "communicable"  # one refusal, with its rule and citation
        if index == 2:
            do_add_to_waiting_list(actor=manager, facility=main, case=case, data=data)
            continue
        try:
            admission = do_admit(actor=manager, facility=main, case=case, data=data)
        except (ConflictError, ValidationError):
            continue  # a full kind of place, or a place that does not fit: the next case
        placed += 1
        if admission.status != "resident":
            continue
        stay = (today - admitted_on).days
        if index % 3 == 0 and stay > 10:
            do_discharge(
                actor=manager,
                admission=admission,
                expected_version=admission.version,
                data=DischargeInput(
                    discharged_on=admitted_on + timedelta(days=rng.randint(3, stay - 1)),
                    reason="plan_completed",
                    destination=rng.choice(["family", "own_home", "independent"]),
                ),
            )
        elif index % 4 == 0 and branch is not None and data.place_kind == "women":
            do_transfer(
                actor=manager,
                admission=admission,
                expected_version=admission.version,
                to_facility=branch,
                place_kind="women",
                transferred_on=admitted_on + timedelta(days=min(stay, 3)),
            )
    return facilities
