"""The admission decision: the pack's ``shelters`` rules applied to the facts of one person and
one facility. Pure functions; the services store what they return."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from palermo.jurisdictions.model import LegalBasis
from palermo.jurisdictions.pack import get_pack, optional_pack_section
from palermo.jurisdictions.sections_shelters import AdmissionGroup, AdmissionRule, ShelterRules
from palermo.shelters.vocab import ABROAD

ADULT_AGE = 18


def shelter_rules() -> ShelterRules | None:
    """The pack's shelter rules; None for a pack that leaves shelters out."""
    return optional_pack_section("shelters", ShelterRules)


def require_rules() -> ShelterRules:
    from django.core.exceptions import ValidationError

    rules = shelter_rules()
    if rules is None:
        raise ValidationError(
            _("The jurisdiction pack has no shelter rules: admissions cannot be decided.")
        )
    return rules


@dataclass
class Facts:
    """What the admission form collects about the person (stored encrypted with the decision)."""

    sex: str = ""
    age: int | None = None
    with_children: bool = False
    pregnant: bool = False
    residence_region: str = ""  # a region code of the pack, or ABROAD
    citizenship: str = ""
    disease: str = ""
    guardian_relation: str = ""
    guardian_permission_on: date | None = None
    # Facts given for the admission that differ from the case file: name -> the file's value,
    # and the reason given for the difference.
    file_values: dict[str, Any] = field(default_factory=dict)
    override_reason: str = ""

    @property
    def minor(self) -> bool:
        return self.age is not None and self.age < ADULT_AGE

    def for_rules(self, facility_region: str, *, guardian_named: bool) -> dict[str, object]:
        """The facts in the pack's rule language (``sections_shelters.FACTS``)."""
        return {
            "sex": self.sex,
            "minor": self.minor,
            "with_children": self.with_children,
            "pregnant": self.pregnant,
            "non_resident": self.residence_region != facility_region,
            "citizenship": self.citizenship,
            "disease": self.disease,
            "guardian_permission": bool(
                self.guardian_relation and self.guardian_permission_on and guardian_named
            ),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "sex": self.sex,
            "age": self.age,
            "with_children": self.with_children,
            "pregnant": self.pregnant,
            "residence_region": self.residence_region,
            "citizenship": self.citizenship,
            "disease": self.disease,
            "guardian_relation": self.guardian_relation,
            "guardian_permission_on": (
                self.guardian_permission_on.isoformat() if self.guardian_permission_on else None
            ),
            **(
                {"file_values": dict(self.file_values), "override_reason": self.override_reason}
                if self.file_values
                else {}
            ),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Facts:
        permission = data.get("guardian_permission_on")
        return cls(
            sex=str(data.get("sex", "")),
            age=data.get("age"),
            with_children=bool(data.get("with_children")),
            pregnant=bool(data.get("pregnant")),
            residence_region=str(data.get("residence_region", "")),
            citizenship=str(data.get("citizenship", "")),
            disease=str(data.get("disease", "")),
            guardian_relation=str(data.get("guardian_relation", "")),
            guardian_permission_on=date.fromisoformat(permission) if permission else None,
            file_values=dict(data.get("file_values") or {}),
            override_reason=str(data.get("override_reason", "")),
        )


@dataclass
class Decision:
    matched: tuple[AdmissionRule, ...]
    excluded_groups: tuple[AdmissionGroup, ...]
    basis: LegalBasis
    refusing: tuple[AdmissionRule, ...] = field(default=())

    @property
    def admitted(self) -> bool:
        return not self.refusing and not self.excluded_groups

    @property
    def legal_bases(self) -> list[LegalBasis]:
        """The bases the decision rests on: the refusing rules' for a refusal by rule, none for
        a refusal by the facility's profile, every matched rule's for an admission; always the
        law on the centres, last."""
        if self.refusing:
            rules = self.refusing
        elif self.excluded_groups:
            rules = ()
        else:
            rules = self.matched
        found: dict[str, LegalBasis] = {}
        for rule in rules:
            found.update((b.key, b) for b in rule.legal_bases if b.key not in found)
        found.setdefault(self.basis.key, self.basis)
        return list(found.values())


def decide(
    rules: ShelterRules,
    facts: Facts,
    *,
    facility_region: str,
    admitted_groups: list[str],
    guardian_named: bool,
) -> Decision:
    """Any matching ``refuse`` rule refuses; so does a group of the person the facility does not
    admit (its profile). Otherwise the person is admitted, on every matching rule."""
    rule_facts = facts.for_rules(facility_region, guardian_named=guardian_named)
    matched = rules.matching_rules(rule_facts)
    refusing = tuple(rule for rule in matched if rule.refuses)
    excluded = tuple(g for g in rules.groups_of(rule_facts) if g.code not in admitted_groups)
    return Decision(matched=matched, excluded_groups=excluded, basis=rules.basis, refusing=refusing)


def place_fits(rules: ShelterRules, kind: str, facts: Facts, facility_region: str) -> bool:
    place = rules.place_kind(kind)
    return place is not None and place.condition.matches(
        facts.for_rules(facility_region, guardian_named=True)
    )


def residence_choices() -> list[tuple[str, str]]:
    return [(r.code, r.name()) for r in get_pack().regions] + [
        (ABROAD, _("Abroad, or no residence in the country"))
    ]
