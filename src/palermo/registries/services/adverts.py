"""Adverts for work or study abroad need the agreement of two ministries (Art. 16 p.5).

Each party (the Ministry of Internal Affairs, the Ministry of Education) agrees or refuses once,
by a user of an agency of that party's kind. The advert is agreed only when both agreed, and
refused as soon as either refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.core.audit import record
from palermo.core.errors import ConflictError
from palermo.registries.models import NAME_LENGTH, NUMBER_LENGTH, Advert, AdvertDecision
from palermo.registries.permissions import ADVERT_REVIEW, can
from palermo.registries.rules import basis, rules
from palermo.registries.services.common import (
    Errors,
    clean_block,
    clean_line,
    require_manager,
    save_new,
)
from palermo.registries.vocab import AdvertKind, AdvertParty, AdvertStatus, DecisionOutcome

ADVERT_FIELDS = (
    "submission_number", "advertiser_name", "advertiser_taxpayer_number", "kind", "media",
    "text", "submitted_on",
)  # fmt: skip
MAX_TEXT = 20000


@dataclass
class AdvertInput:
    submission_number: str = ""
    advertiser_name: str = ""
    advertiser_taxpayer_number: str = ""
    kind: str = ""
    media: str = ""
    text: str = ""
    submitted_on: date | None = None

    def cleaned(self) -> AdvertInput:
        self.submission_number = clean_line(self.submission_number).upper()
        self.advertiser_name = clean_line(self.advertiser_name)
        self.advertiser_taxpayer_number = clean_line(self.advertiser_taxpayer_number).replace(
            " ", ""
        )
        self.media = clean_line(self.media)
        self.text = clean_block(self.text)
        return self


def validate_advert(data: AdvertInput, *, today: date | None = None) -> dict[str, list[str]]:
    errors = Errors()
    errors.required_text(
        "submission_number",
        data.submission_number,
        _("Enter the submission number."),
        NUMBER_LENGTH,
    )
    errors.required_text(
        "advertiser_name", data.advertiser_name, _("Enter the advertiser's name."), NAME_LENGTH
    )
    errors.taxpayer_number("advertiser_taxpayer_number", data.advertiser_taxpayer_number)
    if data.kind not in AdvertKind.values:
        errors.add("kind", _("Choose work or study abroad."))
    errors.required_text("media", data.media, _("Enter where the advert is to appear."), 300)
    errors.required_text("text", data.text, _("Enter the text of the advert."), MAX_TEXT)
    errors.past_date("submitted_on", data.submitted_on, _("Enter the date of submission."), today)
    if (
        data.submission_number
        and Advert.objects.filter(submission_number=data.submission_number).exists()
    ):
        errors.add(
            "submission_number",
            _("An advert with the submission number %(number)s is already registered.")
            % {"number": data.submission_number},
        )
    return errors.by_field


@transaction.atomic
def do_register_advert(*, actor: Actor, data: AdvertInput) -> Advert:
    require_manager(actor)
    data = data.cleaned()
    errors = Errors()
    errors.by_field = validate_advert(data)
    errors.raise_if_any()
    advert = Advert(
        status=AdvertStatus.PENDING,
        legal_basis=basis(rules().advert_basis).citation,
        created_by=actor.user,
    )
    for name in ADVERT_FIELDS:
        setattr(advert, name, getattr(data, name))
    save_new(
        advert,
        field="submission_number",
        message=_("An advert with the submission number %(number)s is already registered.")
        % {"number": advert.submission_number},
    )
    record(
        "registries.advert_registered",
        actor=actor,
        obj=advert,
        purpose="advert agreement",
        data={"submission_number": advert.submission_number, "kind": advert.kind},
    )
    return advert


def party_of(actor: Actor) -> str | None:
    """The ministry the actor decides for, from their agency's kind (pack codes), or None."""
    if actor.agency is None or not can(actor, ADVERT_REVIEW):
        return None
    for party, kinds in rules().advert_parties.items():
        if actor.agency.kind in kinds:
            return party
    return None


def status_from(outcomes: dict[str, str]) -> str:
    if DecisionOutcome.REFUSED in outcomes.values():
        return AdvertStatus.REFUSED
    if all(outcomes.get(p) == DecisionOutcome.APPROVED for p in AdvertParty.values):
        return AdvertStatus.APPROVED
    return AdvertStatus.PENDING


@transaction.atomic
def do_decide_advert(
    *,
    actor: Actor,
    advert: Advert,
    outcome: str,
    reason: str = "",
    decided_on: date | None = None,
    today: date | None = None,
) -> Advert:
    """One ministry's decision on an advert; the advert's status follows from both."""
    party = party_of(actor)
    if party is None:
        raise ValidationError(
            _(
                "Only officers of the Ministry of Internal Affairs or of the Ministry of Education decide on adverts."
            )
        )
    reason = clean_block(reason)
    decided_on = decided_on or timezone.localdate()
    locked = Advert.objects.select_for_update().get(pk=advert.pk)
    outcomes = dict(locked.decisions.values_list("party", "outcome"))
    errors = Errors()
    if party in outcomes:
        errors.add(
            "outcome",
            _("%(party)s has already decided on this advert.")
            % {"party": AdvertParty(party).label},
        )
    elif locked.status == AdvertStatus.REFUSED:
        errors.add("outcome", _("The advert has already been refused."))
    if outcome not in DecisionOutcome.values:
        errors.add("outcome", _("Choose to agree or to refuse."))
    if outcome == DecisionOutcome.REFUSED and not reason:
        errors.add("reason", _("Give the reason for the refusal."))
    errors.optional_text("reason", reason, 5000)
    errors.past_date("decided_on", decided_on, None, today)
    if decided_on < locked.submitted_on:
        errors.add("decided_on", _("The decision cannot be dated before the submission."))
    if errors and "outcome" in errors.by_field and party in outcomes:
        # Someone of the same ministry decided meanwhile: a conflict, not a typing error.
        raise ConflictError(errors.by_field["outcome"][0])
    errors.raise_if_any()
    assert actor.agency is not None  # noqa: S101  (party_of checked it)
    AdvertDecision.objects.create(
        advert=locked,
        party=party,
        outcome=outcome,
        reason=reason,
        decided_on=decided_on,
        agency=actor.agency,
        decided_by=actor.user,
    )
    outcomes[party] = outcome
    locked.status = status_from(outcomes)
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    record(
        "registries.advert_decided",
        actor=actor,
        obj=locked,
        purpose="advert agreement",
        data={
            "party": party,
            "outcome": outcome,
            "status": locked.status,
            "legal_basis": locked.legal_basis,
        },
    )
    return locked
