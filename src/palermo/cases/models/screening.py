from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from palermo.accounts.models import Agency
from palermo.cases.models.case import Case
from palermo.cases.vocab import AgeGroup, ExploitationForm
from palermo.core.fields import EncryptedCharField, EncryptedDateField, EncryptedTextField
from palermo.people.vocab import Gender


class Screening(models.Model):
    """A first responder's identification screening of a person against the pack's indicators.

    The result (presumed victim or not, the indicators that led there and the rule's legal or
    methodological basis) is stored as computed when the screening was made, so that it stays
    what the responder saw even after the pack changes. A screening is made for a case or before
    there is one; in that case it holds a few identity details to prefill the registration.
    Indicator codes and the result are statistical dimensions (plain); names and notes are
    encrypted.
    """

    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="screenings",
        null=True,
        blank=True,
        verbose_name=_("case"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="screenings", verbose_name=_("agency")
    )
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    screened_on = models.DateField(_("date of screening"))
    age_group = models.CharField(_("screened as"), max_length=10, choices=AgeGroup.choices)
    pack = models.CharField(_("jurisdiction pack"), max_length=60)
    indicators = models.JSONField(_("indicators present"), default=list)
    presumed_victim = models.BooleanField(_("presumed victim"))
    decisive_indicators = models.JSONField(_("indicators that led to the result"), default=list)
    legal_basis_key = models.CharField(max_length=60)
    legal_basis_citation = models.CharField(_("basis of the rule"), max_length=300)
    # Details for a registration that follows (encrypted where they identify the person).
    family_name = EncryptedCharField(_("family name"), max_length=200, blank=True)
    given_name = EncryptedCharField(_("given name"), max_length=200, blank=True)
    date_of_birth = EncryptedDateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("sex / gender"), max_length=32, choices=Gender.choices, blank=True)
    citizenship = CountryField(_("citizenship"), blank=True)
    country_of_exploitation = CountryField(_("country of exploitation"), blank=True)
    exploitation_forms = models.JSONField(_("suspected forms of exploitation"), default=list)
    notes = EncryptedTextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "-created_at"]),
            models.Index(fields=["presumed_victim", "screened_on"]),
        ]

    def __str__(self) -> str:
        return f"screening {self.pk}"

    @property
    def has_identity(self) -> bool:
        return bool(self.family_name or self.given_name or self.date_of_birth or self.notes)

    @property
    def display_name(self) -> str:
        return " ".join(p for p in [self.family_name, self.given_name] if p)

    def get_exploitation_forms_display(self) -> list[str]:
        labels = dict(ExploitationForm.choices)
        return [str(labels.get(code, code)) for code in self.exploitation_forms]
