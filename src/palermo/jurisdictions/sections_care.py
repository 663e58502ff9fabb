"""Readers for two optional sections of a pack about the care of victims.

``medical_care``: the medical services that public health organisations give victims free of
charge (Belarus: Ministry of Health Regulation No. 41 of 28.04.2012), and which referral service
types they concern: the list is shown wherever such a service is offered, referred or delivered.

``child_protection``: the authority a case of a child victim is flagged to, and the rules it
rests on (Belarus: the UN Country Team report, seed 004 §13-15, and §34 on a parent's or
guardian's permission)::

    medical_care:
      legal_basis: moh_reg_41
      service_types: [free_medical_care, health]
      services:
        - code: emergency_care
          name: {en: Emergency medical care, ru: ...}
    child_protection:
      authority: {en: Childhood protection agency, ru: ...}
      legal_basis: unct_p13_child_protection
      guardian_basis: unct_p34_minors

Like the other readers they report every problem to the :class:`Checker` (file, key path, line)
and build the rules only when the whole section is sound.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from palermo.jurisdictions.checker import Checker, Node
from palermo.jurisdictions.errors import gettext_noop
from palermo.jurisdictions.model import LegalBasis
from palermo.jurisdictions.sections import _reference, optional
from palermo.jurisdictions.text import Text

_NOT_A_BASIS = gettext_noop("%(value)s is not a legal basis of this pack")


@dataclass(frozen=True)
class FreeMedicalService:
    code: str
    names: Text

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)


@dataclass(frozen=True)
class MedicalCareRules:
    """The free medical services for victims and the referral service types they concern."""

    legal_basis: LegalBasis
    service_types: tuple[str, ...]
    services: tuple[FreeMedicalService, ...]

    def concerns(self, service_codes: Iterable[str]) -> bool:
        """Whether any of ``service_codes`` (referral service types) is a medical one."""
        return any(code in self.service_types for code in service_codes)


@dataclass(frozen=True)
class ChildProtectionRules:
    """Whom a case of a minor is flagged to, and on which rules."""

    authority: Text
    legal_basis: LegalBasis
    guardian_basis: LegalBasis

    def authority_name(self, lang: str | None = None) -> str:
        return self.authority.get(lang)


def read_medical_care(
    ck: Checker, node: Node, bases: Mapping[str, LegalBasis] | None
) -> MedicalCareRules | None:
    if not ck.mapping(node, required=("legal_basis", "service_types", "services")):
        return None
    before = len(ck.problems)
    basis = optional(node, "legal_basis", lambda n: _reference(ck, n, bases, _NOT_A_BASIS))
    types: list[str] = []
    if node.has("service_types"):
        for item in ck.items(node.child("service_types"), non_empty=True):
            code = ck.code(item)
            if code is not None and code in types:
                ck.report(item, gettext_noop("repeats the service type %(value)s"), value=code)
            elif code is not None:
                types.append(code)
    services: list[FreeMedicalService] = []
    seen: dict[str, str] = {}
    if node.has("services"):
        for item in ck.items(node.child("services"), non_empty=True):
            if not ck.mapping(item, required=("code", "name")):
                continue
            code = optional(item, "code", ck.code)
            names = optional(item, "name", ck.text)
            if code and ck.unique(item.child("code"), code, seen) and names:
                services.append(FreeMedicalService(code, names))
    if len(ck.problems) != before or basis is None or not types or not services:
        return None
    return MedicalCareRules(legal_basis=basis, service_types=tuple(types), services=tuple(services))


def read_child_protection(
    ck: Checker, node: Node, bases: Mapping[str, LegalBasis] | None
) -> ChildProtectionRules | None:
    if not ck.mapping(node, required=("authority", "legal_basis", "guardian_basis")):
        return None
    before = len(ck.problems)
    authority = optional(node, "authority", ck.text)
    basis = optional(node, "legal_basis", lambda n: _reference(ck, n, bases, _NOT_A_BASIS))
    guardian = optional(node, "guardian_basis", lambda n: _reference(ck, n, bases, _NOT_A_BASIS))
    if len(ck.problems) != before or authority is None or basis is None or guardian is None:
        return None
    return ChildProtectionRules(authority=authority, legal_basis=basis, guardian_basis=guardian)
