"""Content pages of the public portal, written by national administrators in three languages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

PAGE_LANGUAGES = ("en", "ru", "be")


class PortalPage(models.Model):
    """A public page (e.g. the hotline, safe travel abroad). Body: plain text or a safe subset of
    Markdown (see ``portal/markdown.py``), rendered with escaping. English is the fallback."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    title_be = models.CharField(_("title (Belarusian)"), max_length=200, blank=True)
    body_en = models.TextField(_("text (English)"))
    body_ru = models.TextField(_("text (Russian)"), blank=True)
    body_be = models.TextField(_("text (Belarusian)"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    show_on_home = models.BooleanField(_("show on the portal's home page"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=100)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("portal page")
        verbose_name_plural = _("portal pages")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.slug

    def title(self, lang: str | None = None) -> str:
        lang = lang or translation.get_language() or "en"
        return str(getattr(self, f"title_{lang}", "") or self.title_en)

    def body(self, lang: str | None = None) -> str:
        lang = lang or translation.get_language() or "en"
        return str(getattr(self, f"body_{lang}", "") or self.body_en)

    def has_language(self, lang: str) -> bool:
        return bool(getattr(self, f"body_{lang}", ""))
