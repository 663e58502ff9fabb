"""Demo data: the service directory of the catalogue agencies (called by palermo generate/demo).

Entries name catalogue codes of the pack's agencies; an agency or a service type the configured
jurisdiction does not have is skipped, so the function is safe under any pack.
"""

from __future__ import annotations

from django.db import transaction

from palermo.accounts.models import Agency
from palermo.referrals.catalogue import get_catalogue
from palermo.referrals.models import ServiceOffering
from palermo.referrals.services import OfferingInput, do_create_offering

# catalogue code → (service types, regions: empty = the whole country, or "own" = its region)
DEMO_DIRECTORY: dict[str, tuple[tuple[str, ...], str]] = {
    "ngo_gomel_road_home": (
        ("psychological_help", "legal", "social_care", "livelihood",
         "sexual_exploitation_rehabilitation", "labour_exploitation_rehabilitation"),
        "own",
    ),
    "ywca_belarus": (
        ("psychological_help", "rights_based_training", "sexual_exploitation_rehabilitation",
         "livelihood", "education"),
        "",
    ),
    "iom_minsk": (
        ("assisted_voluntary_return", "financial", "livelihood", "legal",
         "labour_exploitation_rehabilitation"),
        "",
    ),
    # Centres take non-residents from the whole country (seed 004 §34).
    "minsk_assistance_centre": (("shelter", "psychological_help", "health", "legal"), ""),
    "ministry_of_health": (("free_medical_care", "health"), ""),
    "medical_workers_movement": (("health", "psychological_help"), ""),
    "mfa_consular": (("consular_assistance",), ""),
    "belarusian_red_cross": (("social_care", "financial"), ""),
    "ministry_of_education": (("education",), ""),
    "ministry_of_labour": (("livelihood", "financial"), ""),
    "unhcr": (("legal",), ""),
    "investigative_committee": (("protection",), ""),
    **dict.fromkeys(
        ("ct_brest", "ct_vitebsk", "ct_gomel", "ct_grodno", "ct_minsk_oblast", "ct_mogilev",
         "ct_minsk_city"),
        (("identification", "protection"), "own"),
    ),
    **dict.fromkeys(
        ("tcss_brest", "tcss_vitebsk", "tcss_gomel", "tcss_grodno", "tcss_maladzyechna",
         "tcss_mogilev", "tcss_minsk"),
        (("social_care", "psychological_help", "financial"), "own"),
    ),
}  # fmt: skip

# Typed by a directory keeper, in the working language of the agencies that read it.
NOTE = "Условия уточняйте в организации до направления."


@transaction.atomic
def ensure_service_directory() -> int:
    """Creates the demo directory entries that do not exist yet; returns how many it created."""
    catalogue = get_catalogue()
    agencies = {
        a.catalogue_code: a
        for a in Agency.objects.filter(catalogue_code__in=DEMO_DIRECTORY, is_active=True)
    }
    existing = set(
        ServiceOffering.objects.filter(agency__in=agencies.values()).values_list(
            "agency_id", "service_type"
        )
    )
    created = 0
    for code, (services, scope) in DEMO_DIRECTORY.items():
        agency = agencies.get(code)
        if agency is None:
            continue
        regions = [agency.region] if scope == "own" and agency.region else []
        for service in services:
            if catalogue.get(service) is None or (agency.pk, service) in existing:
                continue
            do_create_offering(
                actor=None,
                agency=agency,
                data=OfferingInput(service_type=service, regions=regions, notes=NOTE),
            )
            created += 1
    return created
