"""Who may use the data exchange, and the scoped querysets every lookup starts from.

* The anonymous CTDC export: whoever may see statistics (analysts, national coordinators and
  administrators). It reads only statistical columns of every case: no identities.
* The HTCDS 2.0 tables (record level, identities where consent covers the purpose): only roles
  with the HTCDS export capability (national coordinators and administrators).
* The HTCDS import: staff of an agency who register cases and record assistance; the file comes
  in as that agency's persons, cases and services.
Anything else answers 404, exactly like "not found".
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.cases.models import Case
from palermo.core.access import deny, get_or_404
from palermo.stats.exchange.models import ExchangeRelease, ImportBatch, ReleaseKind


def can_export_ctdc(actor: Actor) -> bool:
    return actor.can(Cap.STATS_VIEW)


def can_export_htcds(actor: Actor) -> bool:
    return actor.can(Cap.HTCDS_EXPORT) and actor.can(Cap.IDENTITY_VIEW)


def can_import_htcds(actor: Actor) -> bool:
    return (
        actor.agency is not None
        and actor.can(Cap.CASE_REGISTER)
        and actor.can(Cap.REFERRAL_WORK)
        and actor.can(Cap.IDENTITY_VIEW)
    )


def can_use_exchange(actor: Actor) -> bool:
    return can_export_ctdc(actor) or can_export_htcds(actor) or can_import_htcds(actor)


def statistical_cases(actor: Actor) -> QuerySet[Case]:
    """Every case, for statistics: callers read only the plain statistical columns."""
    if not can_export_ctdc(actor):
        return Case.objects.none()
    return Case.objects.all()


def releases_for(actor: Actor) -> QuerySet[ExchangeRelease]:
    kinds = Q(pk__in=[])
    if can_export_ctdc(actor):
        kinds |= Q(kind=ReleaseKind.CTDC)
    if can_export_htcds(actor):
        kinds |= Q(kind=ReleaseKind.HTCDS_TABLES)
    return ExchangeRelease.objects.filter(kinds).select_related("created_by", "agency")


def access_release(actor: Actor, release_id: object) -> ExchangeRelease:
    return get_or_404(releases_for(actor), pk=release_id)


def imports_for(actor: Actor) -> QuerySet[ImportBatch]:
    if not can_import_htcds(actor):
        return ImportBatch.objects.none()
    return ImportBatch.objects.filter(agency=actor.agency).select_related("imported_by")


def require(allowed: bool) -> None:
    if not allowed:
        raise deny()


def released_file(release: ExchangeRelease) -> bytes:
    """The kept file of a CTDC release; other releases keep none (404)."""
    if release.kind != ReleaseKind.CTDC or release.content is None:
        raise deny()
    return bytes(release.content)
