"""Every change to the registries. Views, API, imports and the CLI call these functions."""

from palermo.registries.services.adverts import (
    AdvertInput,
    do_decide_advert,
    do_register_advert,
    party_of,
    validate_advert,
)
from palermo.registries.services.checks import AgencyCheckResult, check_agency
from palermo.registries.services.licences import (
    LicenceInput,
    PublishedLicence,
    RowsInvalid,
    do_change_licence_status,
    do_import_licences,
    do_register_licence,
    do_update_licence,
    published_licences,
    validate_licence,
    validate_licence_rows,
)
from palermo.registries.services.organisations import (
    OrganisationInput,
    PublishedOrganisation,
    StepInput,
    do_record_organisation_step,
    do_record_suspension,
    published_organisations,
    validate_organisation,
    validate_step,
)
from palermo.registries.services.reads import record_identity_view
from palermo.registries.services.students import (
    StudentNoticeInput,
    do_record_migration_informed,
    do_register_student_notice,
    validate_student_notice,
)
from palermo.registries.services.tourists import (
    TouristInput,
    TouristReportInput,
    can_open_case,
    do_open_case_for_tourist,
    do_register_tourist_report,
    timeliness,
    validate_tourist_report,
)

__all__ = [
    "AdvertInput",
    "AgencyCheckResult",
    "LicenceInput",
    "OrganisationInput",
    "PublishedLicence",
    "PublishedOrganisation",
    "RowsInvalid",
    "StepInput",
    "StudentNoticeInput",
    "TouristInput",
    "TouristReportInput",
    "can_open_case",
    "check_agency",
    "do_change_licence_status",
    "do_decide_advert",
    "do_import_licences",
    "do_open_case_for_tourist",
    "do_record_migration_informed",
    "do_record_organisation_step",
    "do_record_suspension",
    "do_register_advert",
    "do_register_licence",
    "do_register_student_notice",
    "do_register_tourist_report",
    "do_update_licence",
    "party_of",
    "published_licences",
    "published_organisations",
    "record_identity_view",
    "timeliness",
    "validate_advert",
    "validate_licence",
    "validate_licence_rows",
    "validate_organisation",
    "validate_step",
    "validate_student_notice",
    "validate_tourist_report",
]
