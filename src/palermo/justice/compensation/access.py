"""Who may see and change what in compensation. Every lookup and list starts here (DESIGN.md
rule 2); no access answers 404, exactly like "not found".

* The fund's ledger: Cap.FUND_MANAGE records receipts, payments and grants (the fund's officers);
  Cap.FUND_VIEW reads the ledger and its statements (national coordinators and administrators).
* Claims (CPC ch. 48): the investigating body's staff (Cap.PROCEEDINGS_WORK in the agency that
  conducts the proceedings) record claims, court awards and the offender's payments; national
  roles with Cap.PROCEEDINGS_VIEW_NATIONAL read every claim. The fund's roles see the claims that
  have a court award (the awards to pay); Cap.FUND_MANAGE pays them from the fund.
* Victims are shown by their reference number only, never by name, on every compensation page
  and in the API: amounts need no identity (DESIGN.md rule 3). The name is on the proceedings'
  page, for those who may see it there.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.core.access import deny, get_or_404
from palermo.justice.access import access_proceedings, works_on
from palermo.justice.compensation.models import Award, Claim, FundTransaction
from palermo.justice.models import Participant, Proceedings
from palermo.justice.vocab import ParticipantRole


def can_view_fund(actor: Actor) -> bool:
    return actor.can_any(Cap.FUND_VIEW, Cap.FUND_MANAGE)


def can_manage_fund(actor: Actor) -> bool:
    return actor.can(Cap.FUND_MANAGE) and actor.agency is not None


def transactions_for(actor: Actor) -> QuerySet[FundTransaction]:
    base = FundTransaction.objects.select_related("organisation", "grantee")
    if can_view_fund(actor):
        return base.all()
    return base.none()


def access_transaction(
    actor: Actor, transaction_id: object, *, write: bool = False
) -> FundTransaction:
    found = get_or_404(transactions_for(actor), pk=transaction_id)
    if write and not can_manage_fund(actor):
        raise deny()
    return found


# --- Claims -------------------------------------------------------------------------------------


def claims_for(actor: Actor) -> QuerySet[Claim]:
    base = Claim.objects.select_related(
        "proceedings", "participant", "participant__person", "award"
    )
    scope = Q(pk__in=[])
    if actor.can(Cap.PROCEEDINGS_VIEW_NATIONAL):
        scope |= Q(pk__isnull=False)
    if actor.can(Cap.PROCEEDINGS_WORK) and actor.agency is not None:
        scope |= Q(proceedings__investigating_agency=actor.agency)
    if can_view_fund(actor):
        scope |= Q(award__isnull=False)
    return base.filter(scope)


def can_edit_claim(actor: Actor, claim: Claim) -> bool:
    return works_on(actor, claim.proceedings)


def access_claim(actor: Actor, claim_id: object, *, write: bool = False) -> Claim:
    """The claim, or Http404. ``write=True``: the investigating body of its proceedings."""
    claim = get_or_404(claims_for(actor), pk=claim_id)
    if write and not can_edit_claim(actor, claim):
        raise deny()
    return claim


def awards_for(actor: Actor) -> QuerySet[Award]:
    """Court awards this actor may see: the fund's list of awards to pay starts here."""
    return Award.objects.select_related(
        "claim", "claim__proceedings", "claim__participant__person"
    ).filter(claim__in=claims_for(actor))


def access_award(actor: Actor, award_id: object, *, pay: bool = False) -> Award:
    """An award, or Http404. ``pay=True``: the fund's officers, who pay awards from the fund."""
    award = get_or_404(awards_for(actor), pk=award_id)
    if pay and not can_manage_fund(actor):
        raise deny()
    return award


def claim_proceedings(actor: Actor, proceedings_id: object) -> Proceedings:
    """Proceedings in which this actor records claims: its own agency investigates them."""
    return access_proceedings(actor, proceedings_id, write=True)


def claimable_victims(proceedings: Proceedings) -> QuerySet[Participant]:
    """Victims of the proceedings who have no claim yet."""
    return (
        proceedings.participants.filter(
            role=ParticipantRole.VICTIM, compensation_claim__isnull=True
        )
        .select_related("person")
        .order_by("id")
    )


def can_list_claims(actor: Actor) -> bool:
    return actor.can_any(Cap.PROCEEDINGS_WORK, Cap.PROCEEDINGS_VIEW_NATIONAL) or can_view_fund(
        actor
    )
