"""The referral mechanism's capabilities, in one place (they are defined in accounts/roles.py).

* ``REFERRAL_WORK`` — send referrals for the agency's own cases, answer referrals to the agency,
  record services delivered, reintegration plans, follow-ups and assisted returns for cases the
  agency works on;
* ``REFERRAL_MANAGE_AGENCY`` — revoke the agency's own outgoing referrals; manage the agency's
  entries in the service directory;
* ``REFERRAL_MANAGE_NATIONAL`` — revoke any referral; manage every agency's directory entries.
"""

from __future__ import annotations

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap

REFERRAL_WORK = Cap.REFERRAL_WORK
REFERRAL_MANAGE_AGENCY = Cap.REFERRAL_MANAGE_AGENCY
REFERRAL_MANAGE_NATIONAL = Cap.REFERRAL_MANAGE_NATIONAL


def can(actor: Actor | None, capability: Cap) -> bool:
    return actor is not None and actor.can(capability)


def agency_id(actor: Actor | None) -> int | None:
    agency = actor.agency if actor is not None else None
    return agency.pk if agency is not None else None
