"""Liability of persons and organisations involved in trafficking (seed 000 §3.2).

* Law No. 350-Z Art. 30: the migration bodies record their decisions on a foreign national or
  stateless person involved in trafficking (registration or extension of stay refused, stay
  shortened, residence permits refused or annulled); the expulsion check shows them.
* Administrative offences: a decision under one of the pack's articles of the Code of
  Administrative Offences against a natural person or an organisation, with its penalty.

The kinds of consequence, the articles and the penalties are pack data (``justice`` section).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django_countries import countries

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.core.audit import record
from palermo.jurisdictions.model import LegalBasis
from palermo.jurisdictions.pack import get_pack
from palermo.jurisdictions.sections_liability import (
    ConsequenceKind,
    ForeignNationalRules,
    OffenceRules,
)
from palermo.justice.access import proceedings_for
from palermo.justice.models import (
    AdministrativeOffence,
    ConsequenceNameKey,
    ForeignNationalConsequence,
    Proceedings,
)
from palermo.justice.rules import justice_rules
from palermo.justice.services.common import MAX_TEXT, Errors, add, check_day, check_text, raise_if
from palermo.justice.vocab import OffenderKind
from palermo.people.name_rules import name_errors, normalise_name
from palermo.people.names import name_keys
from palermo.people.vocab import CitizenshipStatus

if TYPE_CHECKING:
    from palermo.registries.models import InvolvedOrganisation

MAX_AMOUNT = Decimal("9999999999.99")


def foreign_national_rules() -> ForeignNationalRules:
    rules = justice_rules().foreign_nationals
    if rules is None:
        raise ValidationError(
            _("The jurisdiction pack lists no consequences for foreign nationals.")
        )
    return rules


def offence_rules() -> OffenceRules:
    rules = justice_rules().offences
    if rules is None:
        raise ValidationError(_("The jurisdiction pack lists no administrative offences."))
    return rules


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _proceedings(actor: Actor, errors: Errors, pk: int | None) -> Proceedings | None:
    if pk is None:
        return None
    found = proceedings_for(actor).filter(pk=pk).first()
    if found is None:
        add(errors, "proceedings", _("No such criminal proceedings among those you may see."))
    return found


def _organisation(errors: Errors, pk: int | None, number: str = "") -> InvolvedOrganisation | None:
    from palermo.registries.models import InvolvedOrganisation

    if pk is not None:
        found = InvolvedOrganisation.objects.filter(pk=pk).first()
        if found is None:
            add(errors, "organisation", _("No such organisation in the registry."))
        return found
    if number:
        # The registry of organisations involved in trafficking knows it by the same number.
        return InvolvedOrganisation.objects.filter(registration_number=number).first()
    return None


def _names(errors: Errors, values: dict[str, str]) -> None:
    for name, value in values.items():
        if len(value) > 200:
            add(errors, name, _("A name can have at most %(n)d characters.") % {"n": 200})
    for name, messages in name_errors(values).items():
        for message in messages:
            add(errors, name, message)


def _birth(errors: Errors, born: date | None, *, required: bool) -> None:
    if born is None:
        if required:
            add(errors, "date_of_birth", _("Enter the date of birth."))
        return
    check_day(errors, "date_of_birth", born)
    if born.year < 1900:
        add(errors, "date_of_birth", _("The date of birth is before 1900; check the year."))


# --- Art. 30: consequences for foreign nationals ---------------------------------------------


@dataclass
class ConsequenceInput:
    kind: str = ""
    decision_number: str = ""
    decided_on: date | None = None
    issuing_body: str = ""
    stay_until: date | None = None
    family_name: str = ""
    given_name: str = ""
    patronymic: str = ""
    family_name_latin: str = ""
    given_name_latin: str = ""
    date_of_birth: date | None = None
    citizenship_status: str = CitizenshipStatus.CITIZEN
    citizenship: str = ""
    grounds: str = ""
    proceedings_id: int | None = None
    organisation_id: int | None = None


def _person_condition(status: str, citizenship: str) -> str:
    if status == CitizenshipStatus.STATELESS:
        return "stateless"
    if status == CitizenshipStatus.UNKNOWN or not citizenship:
        return "citizenship_unknown"
    return "citizen" if citizenship == get_pack().country else "foreign_national"


@transaction.atomic
def do_record_consequence(*, actor: Actor, data: ConsequenceInput) -> ForeignNationalConsequence:
    """Records a migration body's decision under Art. 30 with its legal basis, number, date and
    issuing body; from then on the expulsion check shows it for this name and date of birth."""
    if not actor.can(Cap.FOREIGN_NATIONAL_RECORD) or actor.agency is None:
        raise ValidationError(_("Your role cannot record decisions on foreign nationals."))
    rules = foreign_national_rules()
    names = {
        "family_name": normalise_name(data.family_name or ""),
        "given_name": normalise_name(data.given_name or ""),
        "patronymic": normalise_name(data.patronymic or ""),
        "family_name_latin": normalise_name(data.family_name_latin or ""),
        "given_name_latin": normalise_name(data.given_name_latin or ""),
    }
    data.decision_number = _clean(data.decision_number)
    data.issuing_body = _clean(data.issuing_body)
    data.citizenship = (data.citizenship or "").strip().upper()
    data.grounds = (data.grounds or "").strip()
    errors: Errors = {}
    kind: ConsequenceKind | None = rules.kind(data.kind)
    if kind is None:
        add(errors, "kind", _("Choose one of the consequences the law provides."))
    if not data.decision_number:
        add(errors, "decision_number", _("Enter the number of the decision."))
    check_text(errors, "decision_number", data.decision_number, 60)
    check_day(errors, "decided_on", data.decided_on)
    if not data.issuing_body:
        add(errors, "issuing_body", _("Enter the body that took the decision."))
    check_text(errors, "issuing_body", data.issuing_body, 300)
    if kind is not None and kind.needs_until:
        if data.stay_until is None:
            add(errors, "stay_until", _("Enter the new last day of the stay."))
        elif data.decided_on is not None and data.stay_until < data.decided_on:
            add(errors, "stay_until", _("The stay cannot end before the decision."))
    elif data.stay_until is not None:
        add(errors, "stay_until", _("Only a shortened stay has a new last day."))
    if not any(names[n] for n in ("family_name", "given_name", "family_name_latin")):
        add(
            errors,
            "family_name",
            _("Enter at least one name, in the original script or in Latin letters."),
        )
    _names(errors, names)
    _birth(errors, data.date_of_birth, required=True)
    if data.citizenship_status not in CitizenshipStatus.values:
        add(errors, "citizenship_status", _("Choose citizen, stateless or unknown."))
    elif data.citizenship and data.citizenship not in dict(countries):
        add(errors, "citizenship", _("Choose a country."))
    elif data.citizenship_status == CitizenshipStatus.CITIZEN and not data.citizenship:
        add(
            errors,
            "citizenship",
            _("Choose the country of citizenship, or mark the person stateless."),
        )
    elif data.citizenship_status != CitizenshipStatus.CITIZEN and data.citizenship:
        add(
            errors,
            "citizenship",
            _("A stateless person or one of unknown citizenship has no country of citizenship."),
        )
    elif _person_condition(data.citizenship_status, data.citizenship) not in rules.persons:
        add(
            errors,
            "citizenship",
            _("%(basis)s concerns foreign nationals and stateless persons only.")
            % {"basis": (kind.legal_basis.cite() if kind else "")},
        )
    check_text(errors, "grounds", data.grounds, MAX_TEXT)
    proceedings = _proceedings(actor, errors, data.proceedings_id)
    organisation = _organisation(errors, data.organisation_id)
    raise_if(errors)
    if kind is None or data.decided_on is None:  # reported above; for the type checker
        raise ValidationError(_("Choose one of the consequences the law provides."))
    try:
        with transaction.atomic():
            consequence = ForeignNationalConsequence.objects.create(
                kind=kind.code,
                legal_basis=kind.legal_basis.key,
                decision_number=data.decision_number,
                decided_on=data.decided_on,
                issuing_body=data.issuing_body,
                stay_until=data.stay_until,
                date_of_birth=data.date_of_birth,  # type: ignore[misc]
                citizenship_status=data.citizenship_status,
                citizenship=data.citizenship,
                grounds=data.grounds,
                proceedings=proceedings,
                organisation=organisation,
                agency=actor.agency,
                recorded_by=actor.user,
                **names,
            )
    except IntegrityError:
        raise ValidationError(
            {
                "decision_number": [
                    _("This decision of this body is already recorded with this consequence.")
                ]
            }
        ) from None
    ConsequenceNameKey.objects.bulk_create(
        [
            ConsequenceNameKey(consequence=consequence, key=key)
            for key in sorted(name_keys(*names.values()))
        ]
    )
    record(
        "justice.foreign_national_consequence_recorded",
        actor=actor,
        obj=consequence,
        data={
            "kind": kind.code,
            "legal_basis": kind.legal_basis.key,
            "decided_on": data.decided_on.isoformat(),
            "citizenship": data.citizenship,
            "proceedings": proceedings.pk if proceedings else None,
        },
    )
    return consequence


@dataclass(frozen=True)
class ConsequenceFact:
    """What a migration officer learns of an Art. 30 decision: the consequence, its legal basis,
    the decision's number, date and issuing body, and the new end of the stay if shortened —
    never the grounds, the proceedings or who recorded it."""

    kind: str
    kind_name: str
    legal_basis: LegalBasis | None
    decision_number: str
    decided_on: date
    issuing_body: str
    stay_until: date | None = None

    @property
    def citation(self) -> str:
        return self.legal_basis.cite() if self.legal_basis else ""


def consequence_facts(name: str, born: date | None) -> tuple[ConsequenceFact, ...]:
    """The Art. 30 decisions recorded for this name (every word must match) and date of birth."""
    keys = name_keys(name)
    if not keys or born is None:
        return ()
    matching = (
        ConsequenceNameKey.objects.filter(key__in=keys)
        .values("consequence_id")
        .annotate(matched=Count("key", distinct=True))
        .filter(matched=len(keys))
        .values("consequence_id")
    )
    bases = get_pack().legal_bases_by_key
    rules = justice_rules().foreign_nationals
    facts = []
    for row in ForeignNationalConsequence.objects.filter(pk__in=matching).order_by("decided_on"):
        if row.date_of_birth != born:
            continue
        kind = rules.kind(row.kind) if rules else None
        facts.append(
            ConsequenceFact(
                kind=row.kind,
                kind_name=kind.name() if kind else row.kind,
                legal_basis=bases.get(row.legal_basis),
                decision_number=row.decision_number,
                decided_on=row.decided_on,
                issuing_body=row.issuing_body,
                stay_until=row.stay_until,
            )
        )
    return tuple(facts)


# --- administrative offences -----------------------------------------------------------------


@dataclass
class OffenceInput:
    offender_kind: str = ""
    family_name: str = ""
    given_name: str = ""
    patronymic: str = ""
    date_of_birth: date | None = None
    citizenship: str = ""
    organisation_name: str = ""
    taxpayer_number: str = ""
    organisation_id: int | None = None
    article: str = ""
    offence_date: date | None = None
    decided_on: date | None = None
    deciding_body: str = ""
    decision_number: str = ""
    penalty: str = ""
    penalty_amount: Decimal | None = None
    region: str = ""
    proceedings_id: int | None = None
    notes: str = ""


def _check_offender(errors: Errors, data: OffenceInput) -> None:
    if data.offender_kind == OffenderKind.PERSON:
        if not data.family_name:
            add(errors, "family_name", _("Enter the offender's family name."))
        _names(errors, {n: getattr(data, n) for n in ("family_name", "given_name", "patronymic")})
        _birth(errors, data.date_of_birth, required=False)
        if data.citizenship and data.citizenship not in dict(countries):
            add(errors, "citizenship", _("Choose a country."))
        if data.organisation_name or data.taxpayer_number or data.organisation_id:
            add(errors, "organisation_name", _("A natural person has no organisation fields."))
    elif data.offender_kind == OffenderKind.ORGANISATION:
        if not data.organisation_name:
            add(errors, "organisation_name", _("Enter the name of the organisation."))
        check_text(errors, "organisation_name", data.organisation_name, 300)
        if data.taxpayer_number and (
            len(data.taxpayer_number) > 20 or not data.taxpayer_number.isalnum()
        ):
            add(errors, "taxpayer_number", _("Enter up to 20 letters and digits."))
        if data.family_name or data.given_name or data.patronymic or data.date_of_birth:
            add(errors, "family_name", _("An organisation has no personal names."))
    else:
        add(errors, "offender_kind", _("Choose a natural person or an organisation."))


def _check_penalty(errors: Errors, data: OffenceInput, rules: OffenceRules) -> str:
    penalty = rules.penalty(data.penalty)
    if penalty is None:
        add(errors, "penalty", _("Choose one of the penalties the pack lists."))
        return ""
    if data.offender_kind in OffenderKind.values and data.offender_kind not in penalty.offenders:
        add(
            errors,
            "penalty",
            _("%(penalty)s cannot be imposed on this kind of offender.")
            % {"penalty": penalty.name()},
        )
    amount = data.penalty_amount
    if penalty.has_amount:
        if amount is None:
            add(errors, "penalty_amount", _("Enter the amount of the penalty."))
        elif amount <= 0 or amount > MAX_AMOUNT:
            add(errors, "penalty_amount", _("Enter a positive amount."))
    elif amount is not None:
        add(errors, "penalty_amount", _("This penalty has no amount."))
    return penalty.unit if penalty.has_amount else ""


@transaction.atomic
def do_record_offence(*, actor: Actor, data: OffenceInput) -> AdministrativeOffence:
    """Records a decision on an administrative offence; it counts in the statistics from then."""
    if not actor.can(Cap.OFFENCE_RECORD) or actor.agency is None:
        raise ValidationError(_("Your role cannot record administrative offences."))
    rules = offence_rules()
    for name in ("family_name", "given_name", "patronymic"):
        setattr(data, name, normalise_name(getattr(data, name) or ""))
    data.organisation_name = _clean(data.organisation_name)
    data.taxpayer_number = (data.taxpayer_number or "").strip()
    data.citizenship = (data.citizenship or "").strip().upper()
    data.deciding_body = _clean(data.deciding_body)
    data.decision_number = _clean(data.decision_number)
    data.region = (data.region or "").strip() or actor.agency.region
    data.notes = (data.notes or "").strip()
    errors: Errors = {}
    _check_offender(errors, data)
    article = rules.article(data.article)
    if article is None:
        add(errors, "article", _("Choose one of the articles the pack lists."))
    elif data.offender_kind in OffenderKind.values and data.offender_kind not in article.offenders:
        add(errors, "article", _("This article does not apply to this kind of offender."))
    check_day(errors, "decided_on", data.decided_on)
    check_day(errors, "offence_date", data.offence_date, required=False)
    if data.offence_date and data.decided_on and data.offence_date > data.decided_on:
        add(errors, "offence_date", _("The offence cannot come after the decision."))
    if not data.deciding_body:
        add(errors, "deciding_body", _("Enter the body that decided."))
    check_text(errors, "deciding_body", data.deciding_body, 300)
    check_text(errors, "decision_number", data.decision_number, 60)
    unit = _check_penalty(errors, data, rules)
    if data.region and get_pack().region(data.region) is None:
        add(errors, "region", _("Choose a region of the pack."))
    check_text(errors, "notes", data.notes, MAX_TEXT)
    proceedings = _proceedings(actor, errors, data.proceedings_id)
    organisation = None
    if data.offender_kind == OffenderKind.ORGANISATION:
        organisation = _organisation(errors, data.organisation_id, data.taxpayer_number)
    raise_if(errors)
    if data.decided_on is None:  # reported above; for the type checker
        raise ValidationError({"decided_on": [_("Enter the date.")]})
    offence = AdministrativeOffence.objects.create(
        offender_kind=data.offender_kind,
        family_name=data.family_name,
        given_name=data.given_name,
        patronymic=data.patronymic,
        date_of_birth=data.date_of_birth,  # type: ignore[misc]
        citizenship=data.citizenship,
        organisation_name=data.organisation_name,
        taxpayer_number=data.taxpayer_number,
        organisation=organisation,
        article=data.article,
        offence_date=data.offence_date,
        decided_on=data.decided_on,
        deciding_body=data.deciding_body,
        decision_number=data.decision_number,
        penalty=data.penalty,
        penalty_amount=data.penalty_amount,
        penalty_unit=unit,
        region=data.region,
        proceedings=proceedings,
        notes=data.notes,
        agency=actor.agency,
        recorded_by=actor.user,
    )
    record(
        "justice.offence_recorded",
        actor=actor,
        obj=offence,
        data={
            "article": data.article,
            "offender_kind": data.offender_kind,
            "decided_on": data.decided_on.isoformat(),
            "penalty": data.penalty,
            "penalty_amount": str(data.penalty_amount) if data.penalty_amount else None,
            "proceedings": proceedings.pk if proceedings else None,
        },
    )
    return offence


def record_liability_read(*, actor: Actor, what: str, ids: list[int], purpose: str) -> None:
    """Audits a read of names (a list page or an API answer); ``what`` is ``consequences`` or
    ``offences``."""
    if not ids:
        return
    with transaction.atomic():
        record(
            f"justice.{what}_viewed",
            actor=actor,
            object_type=f"justice.{what}",
            purpose=purpose,
            data={"ids": ids},
        )
