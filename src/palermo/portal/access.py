"""Who may see which portal page. The public sees published pages only; editors see all."""

from __future__ import annotations

from django.db.models import QuerySet

from palermo.accounts.actor import Actor
from palermo.core.access import get_or_404
from palermo.hotline.caps import PORTAL_EDIT, has_cap
from palermo.portal.models import PortalPage


def published_pages() -> QuerySet[PortalPage]:
    """The scoped queryset of the public: every public view starts here."""
    return PortalPage.objects.filter(is_published=True)


def public_page(slug: str) -> PortalPage:
    return get_or_404(published_pages(), slug=slug)


def can_edit_pages(actor: Actor | None) -> bool:
    return has_cap(actor, PORTAL_EDIT)


def pages_for(actor: Actor) -> QuerySet[PortalPage]:
    return PortalPage.objects.all() if can_edit_pages(actor) else PortalPage.objects.none()


def access_page(actor: Actor, page_id: object) -> PortalPage:
    return get_or_404(pages_for(actor), pk=page_id)
