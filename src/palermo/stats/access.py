"""Who may see which statistics and releases (DESIGN.md rules 2, 3 and 10).

* Exact figures and draft releases: actors with ``stats.view`` (analysts, national coordinators,
  national administrators) — numbers only, never an identity.
* Preparing and publishing releases: ``stats.publish``.
* Published releases: everyone, the public included (the portal's open-data page).
"""

from __future__ import annotations

from django.db.models import QuerySet

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.core.access import deny, get_or_404
from palermo.stats.models import Release, ReleaseFile


def can_view_statistics(actor: Actor) -> bool:
    return actor.can(Cap.STATS_VIEW)


def can_publish(actor: Actor) -> bool:
    return actor.can(Cap.STATS_PUBLISH)


def require_statistics(actor: Actor) -> None:
    """The statistics pages do not exist for anyone else (404, like everything withheld)."""
    if not can_view_statistics(actor):
        raise deny()


def releases_for(actor: Actor) -> QuerySet[Release]:
    if can_view_statistics(actor):
        return Release.objects.all()
    return Release.objects.none()


def access_release(actor: Actor, release_id: object, *, write: bool = False) -> Release:
    release = get_or_404(releases_for(actor), pk=release_id)
    if write and not can_publish(actor):
        raise deny()
    return release


def published_releases() -> QuerySet[Release]:
    return Release.objects.filter(state=Release.State.PUBLISHED)


def access_published_release(year: object) -> Release:
    return get_or_404(published_releases(), year=year)


def access_published_file(release: Release, file_id: object) -> ReleaseFile:
    return get_or_404(release.files.all(), pk=file_id)
