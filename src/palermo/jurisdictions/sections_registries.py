"""Reader for the optional ``registries`` section of a pack: the rules of the registries app.

The section says how a taxpayer number looks, which legal basis each registry decision rests on,
which deadline a tourist agency's report has, and which agency kinds decide on adverts for each
party. Like the other readers it reports every problem to the :class:`Checker` (file, key path,
line) and builds the rules only when the whole section is sound.

```yaml
registries:
  taxpayer_number: {pattern: '[0-9]{9}', example: '190123456'}
  legal_bases: {licence: law_350z_art14, publication: law_350z_art16_p3, ...}
  tourist_report_deadline: tourist_non_return_report
  organisation_steps: {suspended: law_350z_art29, ..., listed: com_reg_427, ...}
  advert_parties: {interior: [registry, interior_ministry], education: [education]}
```
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from palermo.jurisdictions.checker import Checker, Node, quote
from palermo.jurisdictions.errors import gettext_noop
from palermo.jurisdictions.model import AgencyKind, Deadline, LegalBasis
from palermo.jurisdictions.sections import _reference, optional

# The registry decisions that cite a legal basis (``legal_bases``).
DECISIONS = ("licence", "publication", "advert", "student")
# The steps of an organisation's lifecycle (palermo.registries.vocab.OrganisationStepKind).
ORGANISATION_STEPS = (
    "suspended", "court_requested", "recognised", "rejected", "listed", "liquidated", "office_ban",
)  # fmt: skip
# The stages an organisation reaches (palermo.registries.vocab.OrganisationStage): the steps that
# change its stage (all but the ban on opening offices).
ORGANISATION_STAGES = tuple(step for step in ORGANISATION_STEPS if step != "office_ban")
# The parties that agree an advert (palermo.registries.vocab.AdvertParty).
ADVERT_PARTIES = ("interior", "education")
MAX_PATTERN = 200

_NOT_A_BASIS = gettext_noop("%(value)s is not a legal basis of this pack")
_NOT_A_KIND = gettext_noop("%(value)s is not an agency kind of this pack")
_NOT_A_DEADLINE = gettext_noop("%(value)s is not a deadline of this pack")


@dataclass(frozen=True)
class ProcedureStep:
    """A step of an organisation's lifecycle: the stages it may follow (``after``) and the step
    the user must record first when the organisation is not there yet (``first``)."""

    after: frozenset[str]
    first: str


@dataclass(frozen=True)
class RegistryRules:
    """The registries' rules as the pack states them (``get_pack().registries``).

    Legal bases are kept as the pack's keys (the registries store the key with each decision
    and the English citation next to it); the loader has checked that every key exists.
    """

    # Taxpayer number (Belarus: UNP, 9 digits): a regular expression the whole number matches.
    taxpayer_number_pattern: str
    taxpayer_number_example: str
    licence_basis: str
    publication_basis: str
    tourist_deadline: str  # a deadline key: its legal basis is cited
    advert_basis: str
    student_basis: str
    # Step of an organisation's lifecycle -> legal-basis key.
    organisation_step_bases: Mapping[str, str] = field(default_factory=dict)
    # Advert agreement: party code -> agency kinds whose users decide for it.
    advert_parties: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Castings (optional ``castings``): the legal basis, and the agency kinds of the internal
    # affairs bodies whose users record checks. None: the pack has no casting registry.
    casting_basis: str | None = None
    casting_check_kinds: frozenset[str] = frozenset()
    # The procedure (Belarus: Law No. 350-Z Art. 29-30): step -> the stages it may follow and
    # the step to record first. A step not listed here cannot be recorded; a pack without the
    # procedure records no step (palermo.registries.rules.organisation_procedure() raises
    # MissingPackSection).
    organisation_procedure: Mapping[str, ProcedureStep] = field(default_factory=dict)

    def taxpayer_number_ok(self, value: str) -> bool:
        return re.fullmatch(self.taxpayer_number_pattern, value) is not None

    def taxpayer_number_error(self) -> str:
        from django.utils.translation import gettext as _

        return _("Enter a valid taxpayer number (UNP), e.g. %(example)s.") % {
            "example": self.taxpayer_number_example
        }


def read_registries(
    ck: Checker,
    node: Node,
    kinds: Mapping[str, AgencyKind] | None,
    bases: Mapping[str, LegalBasis] | None,
    deadlines: Mapping[str, Deadline] | None,
) -> RegistryRules | None:
    required = (
        "taxpayer_number", "legal_bases", "tourist_report_deadline", "organisation_steps",
        "advert_parties",
    )  # fmt: skip
    if not ck.mapping(node, required=required, optional=("castings", "organisation_procedure")):
        return None
    before = len(ck.problems)
    taxpayer = optional(node, "taxpayer_number", lambda n: _taxpayer_number(ck, n))
    decisions = optional(node, "legal_bases", lambda n: _bases_by_key(ck, n, DECISIONS, bases))
    deadline = optional(
        node,
        "tourist_report_deadline",
        lambda n: _reference(ck, n, deadlines, _NOT_A_DEADLINE),
    )
    steps = optional(
        node, "organisation_steps", lambda n: _bases_by_key(ck, n, ORGANISATION_STEPS, bases)
    )
    parties = optional(node, "advert_parties", lambda n: _advert_parties(ck, n, kinds))
    castings = optional(node, "castings", lambda n: _castings(ck, n, kinds, bases))
    procedure = optional(node, "organisation_procedure", lambda n: _procedure(ck, n))
    if len(ck.problems) != before or not (taxpayer and decisions and steps and parties):
        return None
    if deadline is None:  # the deadlines section is missing: the pack is refused anyway
        return None
    pattern, example = taxpayer
    return RegistryRules(
        taxpayer_number_pattern=pattern,
        taxpayer_number_example=example,
        licence_basis=decisions["licence"],
        publication_basis=decisions["publication"],
        tourist_deadline=deadline.key,
        advert_basis=decisions["advert"],
        student_basis=decisions["student"],
        organisation_step_bases=steps,
        advert_parties=parties,
        casting_basis=castings[0] if castings else None,
        casting_check_kinds=castings[1] if castings else frozenset(),
        organisation_procedure=procedure or {},
    )


def _castings(
    ck: Checker,
    node: Node,
    kinds: Mapping[str, AgencyKind] | None,
    bases: Mapping[str, LegalBasis] | None,
) -> tuple[str, frozenset[str]] | None:
    """``castings: {legal_basis: ..., check_agency_kinds: [...]}`` (Art. 15 p.1-2)."""
    if not ck.mapping(node, required=("legal_basis", "check_agency_kinds")):
        return None
    basis = optional(node, "legal_basis", lambda n: _reference(ck, n, bases, _NOT_A_BASIS))
    codes: set[str] = set()
    if node.has("check_agency_kinds"):
        for item in ck.items(node.child("check_agency_kinds"), non_empty=True):
            kind = _reference(ck, item, kinds, _NOT_A_KIND)
            if kind is not None:
                codes.add(kind.code)
    if basis is None or not codes:
        return None
    return basis.key, frozenset(codes)


def _taxpayer_number(ck: Checker, node: Node) -> tuple[str, str] | None:
    if not ck.mapping(node, required=("pattern", "example")):
        return None
    pattern = optional(node, "pattern", ck.string)
    example = optional(node, "example", ck.string)
    if pattern is None:
        return None
    if len(pattern) > MAX_PATTERN:
        ck.report(
            node.child("pattern"),
            gettext_noop("is longer than %(n)s characters"),
            n=MAX_PATTERN,
        )
        return None
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        ck.report(
            node.child("pattern"),
            gettext_noop("%(value)s is not a regular expression: %(detail)s"),
            value=quote(pattern),
            detail=str(exc),
        )
        return None
    if compiled.fullmatch(""):
        ck.report(
            node.child("pattern"),
            gettext_noop("%(value)s matches an empty text: it must require some characters"),
            value=quote(pattern),
        )
        return None
    if example is None:
        return None
    if compiled.fullmatch(example) is None:
        ck.report(
            node.child("example"),
            gettext_noop("%(value)s does not match the pattern %(pattern)s"),
            value=quote(example),
            pattern=quote(pattern),
        )
        return None
    return pattern, example


def _bases_by_key(
    ck: Checker, node: Node, keys: tuple[str, ...], bases: Mapping[str, LegalBasis] | None
) -> dict[str, str] | None:
    """A mapping with exactly ``keys``, each naming a legal basis of the pack."""
    if not ck.mapping(node, required=keys):
        return None
    found: dict[str, str] = {}
    for key in keys:
        if not node.has(key):
            continue  # reported as missing
        basis = _reference(ck, node.child(key), bases, _NOT_A_BASIS)
        if basis is not None:
            found[key] = basis.key
    return found if len(found) == len(keys) else None


def _advert_parties(
    ck: Checker, node: Node, kinds: Mapping[str, AgencyKind] | None
) -> dict[str, frozenset[str]] | None:
    """Party -> agency kinds. A kind decides for one party only: its users' decision must count
    for exactly one ministry."""
    if not ck.mapping(node, required=ADVERT_PARTIES):
        return None
    parties: dict[str, frozenset[str]] = {}
    first_party: dict[str, str] = {}
    for party in ADVERT_PARTIES:
        if not node.has(party):
            continue
        codes: set[str] = set()
        for item in ck.items(node.child(party), non_empty=True):
            kind = _reference(ck, item, kinds, _NOT_A_KIND)
            if kind is None:
                continue
            if kind.code in first_party:
                ck.report(
                    item,
                    gettext_noop("%(value)s already decides for %(party)s"),
                    value=quote(kind.code),
                    party=quote(first_party[kind.code]),
                )
                continue
            first_party[kind.code] = party
            codes.add(kind.code)
        if codes:
            parties[party] = frozenset(codes)
    return parties if len(parties) == len(ADVERT_PARTIES) else None


def _procedure(ck: Checker, node: Node) -> dict[str, ProcedureStep] | None:
    """Step -> {after: [stages], first: step}. The first step of the lifecycle (the one that
    creates the entry) is not listed: it follows nothing."""
    not_a_step = gettext_noop("%(value)s is not a step of an organisation (%(allowed)s)")
    not_a_stage = gettext_noop("%(value)s is not a stage of an organisation (%(allowed)s)")
    found: dict[str, ProcedureStep] = {}
    for step, item in ck.entries(node):
        if ck.choice(item.with_value(step), ORGANISATION_STEPS, not_a_step) is None:
            continue
        if not ck.mapping(item, required=("after", "first")):
            continue
        after: set[str] = set()
        if item.has("after"):
            for stage in ck.items(item.child("after"), non_empty=True):
                code = ck.choice(stage, ORGANISATION_STAGES, not_a_stage)
                if code is not None:
                    after.add(code)
        first = optional(item, "first", lambda n: ck.choice(n, ORGANISATION_STEPS, not_a_step))
        if after and first is not None:
            found[step] = ProcedureStep(after=frozenset(after), first=first)
    return found
