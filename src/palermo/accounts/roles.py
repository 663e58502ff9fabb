"""Roles are named sets of capabilities. Code asks for a capability, never for a role name.

Roles live in code rather than in the database: what each role may do is part of the security
design, reviewed like code and tested in the permission tables, not something to click together.
Which roles must use a second factor is configuration (PALERMO_SECOND_FACTOR_ROLES).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Cap(StrEnum):
    """Capabilities. `_agency` ones act on the actor's own agency, `_national` on every agency."""

    CASE_REGISTER = "case.register"
    CASE_VIEW_AGENCY = "case.view_agency"
    CASE_EDIT_AGENCY = "case.edit_agency"
    CASE_VIEW_NATIONAL = "case.view_national"
    CASE_EDIT_NATIONAL = "case.edit_national"
    IDENTITY_VIEW = "identity.view"
    STATS_VIEW = "stats.view"
    # Prepare and publish the National Rapporteur's releases (Law No. 350-Z Art. 26).
    STATS_PUBLISH = "stats.publish"
    USERS_MANAGE_AGENCY = "users.manage_agency"
    USERS_MANAGE_NATIONAL = "users.manage_national"
    AUDIT_VIEW = "audit.view"
    API_TOKENS = "api.tokens"
    # Registries (Law No. 350-Z Art. 14-17, 29-30).
    REGISTRY_MANAGE = "registry.manage"
    REGISTRY_VIEW = "registry.view"
    REGISTRY_NON_RETURN_VIEW = "registry.non_return_view"
    ADVERT_REVIEW = "registry.advert_review"
    # The referral mechanism: refer, answer referrals, deliver services, plans, returns.
    REFERRAL_WORK = "referral.work"
    REFERRAL_MANAGE_AGENCY = "referral.manage_agency"
    REFERRAL_MANAGE_NATIONAL = "referral.manage_national"
    HOTLINE_WORK = "hotline.work"
    PREVENTION_RECORD = "prevention.record"
    PORTAL_EDIT = "portal.edit"
    # Shelters and rehabilitation centres (Law No. 350-Z Art. 21): the operator's own facilities;
    # national coordinators see every facility, its address and occupancy.
    SHELTER_MANAGE = "shelter.manage"
    SHELTER_VIEW_NATIONAL = "shelter.view_national"
    # Criminal proceedings, protection measures (Art. 18) and compensation claims (CPC ch. 48).
    PROCEEDINGS_WORK = "justice.proceedings_work"
    PROCEEDINGS_VIEW_NATIONAL = "justice.proceedings_view_national"
    # Migration officers learn only whether expulsion is suspended (Art. 22 p.1), never the case.
    EXPULSION_CHECK = "justice.expulsion_check"
    # Record the Art. 30 decisions on foreign nationals involved in trafficking (refused
    # registration or stay, shortened stay, refused or annulled permits): the migration bodies.
    FOREIGN_NATIONAL_RECORD = "justice.foreign_national_record"
    # Record administrative offences (Code of Administrative Offences) against persons and
    # organisations involved in trafficking: internal affairs bodies, investigators, registries.
    OFFENCE_RECORD = "justice.offence_record"
    # The State Compensation Fund's ledger.
    FUND_MANAGE = "fund.manage"
    FUND_VIEW = "fund.view"
    # Record-level HTCDS 2.0 tables (with identities where consent covers the purpose) for an
    # agreed partner. The anonymous CTDC export needs only STATS_VIEW.
    HTCDS_EXPORT = "stats.htcds_export"
    # Next year's transfers of working days (a government resolution), recorded without a deploy.
    CALENDAR_MANAGE = "calendar.manage"
    # The data lifecycle: approving a shredding list (retention rules), answering a person's
    # request for their own file.
    DATA_SHRED = "lifecycle.shred"
    SUBJECT_ACCESS = "lifecycle.subject_access"


@dataclass(frozen=True)
class Role:
    code: str
    label: str | Promise
    capabilities: frozenset[Cap]

    @property
    def requires_second_factor(self) -> bool:
        if self.code in settings.PALERMO_SECOND_FACTOR_ROLES:
            return True
        return (
            settings.PALERMO_SECOND_FACTOR_FOR_IDENTITY and Cap.IDENTITY_VIEW in self.capabilities
        )


_CASEWORK = frozenset(
    {
        Cap.CASE_REGISTER,
        Cap.CASE_VIEW_AGENCY,
        Cap.CASE_EDIT_AGENCY,
        Cap.IDENTITY_VIEW,
        Cap.API_TOKENS,
        Cap.REFERRAL_WORK,
    }
)
_REGISTRIES = frozenset(
    {Cap.REGISTRY_MANAGE, Cap.REGISTRY_VIEW, Cap.REGISTRY_NON_RETURN_VIEW, Cap.ADVERT_REVIEW}
)

ROLES: dict[str, Role] = {
    role.code: role
    for role in [
        Role(
            "ct_officer",
            _("Counter-trafficking officer"),
            _CASEWORK
            | {
                Cap.REGISTRY_VIEW,
                Cap.REGISTRY_NON_RETURN_VIEW,
                Cap.PREVENTION_RECORD,
                Cap.OFFENCE_RECORD,
            },
        ),
        Role("case_worker", _("Case worker"), _CASEWORK | {Cap.PREVENTION_RECORD}),
        Role("shelter_manager", _("Shelter manager"), _CASEWORK | {Cap.SHELTER_MANAGE}),
        # Medical and care staff of a centre: they work with residents but are on no case, so
        # they see residents under an alias only (seed 004 §34, first point).
        Role("shelter_staff", _("Shelter staff (medical and care)"), frozenset()),
        Role(
            "investigator",
            _("Investigator"),
            _CASEWORK | {Cap.PROCEEDINGS_WORK, Cap.EXPULSION_CHECK, Cap.OFFENCE_RECORD},
        ),
        Role(
            "migration_officer",
            _("Migration officer"),
            frozenset({Cap.EXPULSION_CHECK, Cap.FOREIGN_NATIONAL_RECORD, Cap.API_TOKENS}),
        ),
        Role(
            "fund_officer",
            _("Compensation fund officer"),
            frozenset({Cap.FUND_MANAGE, Cap.FUND_VIEW, Cap.API_TOKENS}),
        ),
        Role(
            "hotline_operator",
            _("Hotline operator"),
            frozenset(
                {
                    Cap.CASE_REGISTER,
                    Cap.CASE_VIEW_AGENCY,
                    Cap.IDENTITY_VIEW,
                    Cap.REGISTRY_VIEW,
                    Cap.REFERRAL_WORK,
                    Cap.HOTLINE_WORK,
                    Cap.PREVENTION_RECORD,
                }
            ),
        ),
        Role(
            "registry_officer",
            _("Registry officer"),
            _REGISTRIES | {Cap.API_TOKENS, Cap.OFFENCE_RECORD},
        ),
        Role(
            "education_officer",
            _("Ministry of Education officer"),
            frozenset({Cap.ADVERT_REVIEW, Cap.API_TOKENS}),
        ),
        Role(
            "analyst",
            _("Analyst"),
            frozenset({Cap.STATS_VIEW, Cap.STATS_PUBLISH, Cap.API_TOKENS}),
        ),
        Role(
            "agency_admin",
            _("Agency administrator"),
            frozenset(
                {
                    Cap.USERS_MANAGE_AGENCY,
                    Cap.AUDIT_VIEW,
                    Cap.REFERRAL_MANAGE_AGENCY,
                    Cap.PREVENTION_RECORD,
                }
            ),
        ),
        Role(
            "national_coordinator",
            _("National coordinator"),
            frozenset(
                {
                    Cap.CASE_VIEW_NATIONAL,
                    Cap.IDENTITY_VIEW,
                    Cap.STATS_VIEW,
                    Cap.API_TOKENS,
                    Cap.SHELTER_VIEW_NATIONAL,
                    Cap.PROCEEDINGS_VIEW_NATIONAL,
                    Cap.FUND_VIEW,
                    Cap.HTCDS_EXPORT,
                }
            ),
        ),
        Role(
            "national_admin",
            _("National administrator"),
            frozenset(
                {
                    Cap.CASE_VIEW_NATIONAL,
                    Cap.CASE_EDIT_NATIONAL,
                    Cap.IDENTITY_VIEW,
                    Cap.STATS_VIEW,
                    Cap.STATS_PUBLISH,
                    Cap.USERS_MANAGE_NATIONAL,
                    Cap.AUDIT_VIEW,
                    Cap.API_TOKENS,
                    Cap.REFERRAL_MANAGE_NATIONAL,
                    Cap.PREVENTION_RECORD,
                    Cap.PORTAL_EDIT,
                    Cap.SHELTER_VIEW_NATIONAL,
                    Cap.PROCEEDINGS_VIEW_NATIONAL,
                    Cap.FUND_VIEW,
                    Cap.HTCDS_EXPORT,
                    Cap.CALENDAR_MANAGE,
                    Cap.DATA_SHRED,
                    Cap.SUBJECT_ACCESS,
                }
            )
            | _REGISTRIES,
        ),
    ]
}

ROLE_CHOICES = [(role.code, role.label) for role in ROLES.values()]


def get_role(code: str) -> Role:
    return ROLES[code]


# Capabilities that reach beyond one agency. An agency administrator may give only roles holding
# none of them (and never a role that administers users nationally): no one can raise a colleague
# — or, through a second account, themselves — above what their own agency may do.
NATIONAL_CAPABILITIES = frozenset(
    {
        Cap.CASE_VIEW_NATIONAL,
        Cap.CASE_EDIT_NATIONAL,
        Cap.USERS_MANAGE_NATIONAL,
        Cap.REFERRAL_MANAGE_NATIONAL,
        Cap.SHELTER_VIEW_NATIONAL,
        Cap.PROCEEDINGS_VIEW_NATIONAL,
        Cap.STATS_PUBLISH,
        Cap.HTCDS_EXPORT,
        Cap.PORTAL_EDIT,
        Cap.CALENDAR_MANAGE,
        Cap.DATA_SHRED,
        Cap.SUBJECT_ACCESS,
    }
)


def grantable_roles(granter: Role | None) -> list[Role]:
    """The roles an administrator acting as ``granter`` may give, take away or change."""
    if granter is None:
        return []
    if Cap.USERS_MANAGE_NATIONAL in granter.capabilities:
        return list(ROLES.values())
    if Cap.USERS_MANAGE_AGENCY in granter.capabilities:
        return [r for r in ROLES.values() if not (r.capabilities & NATIONAL_CAPABILITIES)]
    return []
