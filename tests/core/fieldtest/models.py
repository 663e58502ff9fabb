from __future__ import annotations

from django.db import models

from palermo.core.fields import (
    EncryptedCharField,
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
)


class SecretSample(models.Model):
    """Stands in for an identity record: encrypted columns next to plain ones."""

    name = EncryptedCharField(max_length=200, blank=True)
    narrative = EncryptedTextField(blank=True)
    birth_date = EncryptedDateField(null=True, blank=True)
    contacts = EncryptedJSONField(null=True, blank=True)
    label = models.CharField(max_length=50, blank=True)
    # auto_now changes on every save(): rotate_keys must leave it alone.
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"sample {self.pk}"  # never the identity: __str__ ends up in logs


class RenamedSample(models.Model):
    """A field that keeps the encryption context it had before a rename."""

    alias = EncryptedTextField(blank=True, context="fieldtest.OldSample.alias")

    def __str__(self) -> str:
        return f"renamed sample {self.pk}"
