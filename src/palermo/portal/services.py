"""Every change to portal pages (national administrators only, audited)."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.core.audit import record
from palermo.core.errors import ConflictError
from palermo.portal.access import can_edit_pages
from palermo.portal.models import PortalPage

MAX_BODY = 50_000
# Addresses the portal itself uses (see portal/urls.py).
RESERVED_SLUGS = frozenset({"check", "organisations", "tip", "manage"})
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class PageInput:
    slug: str = ""
    title_en: str = ""
    title_ru: str = ""
    title_be: str = ""
    body_en: str = ""
    body_ru: str = ""
    body_be: str = ""
    is_published: bool = False
    show_on_home: bool = False
    position: int = 100

    def cleaned(self) -> PageInput:
        self.slug = (self.slug or "").strip().lower()
        for lang in ("en", "ru", "be"):
            setattr(self, f"title_{lang}", " ".join((getattr(self, f"title_{lang}") or "").split()))
            setattr(self, f"body_{lang}", (getattr(self, f"body_{lang}") or "").strip())
        return self


PAGE_FIELDS = tuple(f.name for f in fields(PageInput))


def _slug_taken(slug: str, current: PortalPage | None) -> bool:
    others = PortalPage.objects.filter(slug=slug)
    if current is not None:
        others = others.exclude(pk=current.pk)
    return others.exists()


def validate_page(data: PageInput, *, current: PortalPage | None = None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not _SLUG.match(data.slug) or len(data.slug) > 80:
        add("slug", _("Use lower-case letters, digits and hyphens, e.g. safe-work-abroad."))
    elif data.slug in RESERVED_SLUGS:
        add("slug", _("This address is used by the portal itself; choose another."))
    elif _slug_taken(data.slug, current):
        add("slug", _("Another page already has this address."))
    if not data.title_en:
        add("title_en", _("Give the page an English title (the fallback for other languages)."))
    if not data.body_en:
        add("body_en", _("Write the English text (the fallback for other languages)."))
    for lang in ("en", "ru", "be"):
        if len(getattr(data, f"title_{lang}")) > 200:
            add(f"title_{lang}", _("At most %(n)d characters.") % {"n": 200})
        if len(getattr(data, f"body_{lang}")) > MAX_BODY:
            add(f"body_{lang}", _("At most %(n)d characters.") % {"n": MAX_BODY})
        if getattr(data, f"body_{lang}") and not getattr(data, f"title_{lang}"):
            add(f"title_{lang}", _("A text in this language needs a title too."))
    if not 0 <= data.position <= 1000:
        add("position", _("Enter an order between 0 and 1000."))
    return errors


def _check(actor: Actor, data: PageInput, current: PortalPage | None = None) -> PageInput:
    if not can_edit_pages(actor):
        raise ValidationError(_("Only national administrators edit the portal."))
    data = data.cleaned()
    errors = validate_page(data, current=current)
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def do_create_page(*, actor: Actor, data: PageInput) -> PortalPage:
    data = _check(actor, data)
    page = PortalPage(updated_by=actor.user, **{n: getattr(data, n) for n in PAGE_FIELDS})
    page.save()
    record("portal.page_created", actor=actor, obj=page, purpose="portal",
           data={"slug": page.slug, "published": page.is_published})  # fmt: skip
    return page


@transaction.atomic
def do_update_page(
    *, actor: Actor, page: PortalPage, expected_version: int, data: PageInput
) -> PortalPage:
    data = _check(actor, data, current=page)
    locked = PortalPage.objects.select_for_update().get(pk=page.pk)
    if locked.version != expected_version:
        raise ConflictError(
            _("Someone else saved this page while you were editing it. Reload it and try again.")
        )
    changed = [n for n in PAGE_FIELDS if getattr(locked, n) != getattr(data, n)]
    if not changed:
        return locked
    for name in PAGE_FIELDS:
        setattr(locked, name, getattr(data, name))
    locked.updated_by = actor.user
    locked.updated_at = timezone.now()
    locked.version += 1
    locked.save()
    record("portal.page_updated", actor=actor, obj=locked, purpose="portal",
           data={"slug": locked.slug, "fields": changed, "published": locked.is_published})  # fmt: skip
    return locked
