"""Seal every existing person's identity with a data key of its own (crypto-shredding).

Before this, identities were encrypted with the key ring directly. Each person gets a fresh data
key (stored wrapped by the ring) and its identity columns are re-encrypted under it. Idempotent:
persons that already have a data key are skipped.
"""

from __future__ import annotations

import base64
import os
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import migrations, models
from django.db.models import ExpressionWrapper, F, Value

from palermo.core.crypto import decrypt_str
from palermo.core.datakeys import DATA_KEY_BYTES, SEALED_PREFIX, seal_with

IDENTITY_FIELDS = (
    "family_name",
    "given_name",
    "patronymic",
    "family_name_latin",
    "given_name_latin",
    "date_of_birth",
)


def seal_identities(apps: Any, schema_editor: Any) -> None:
    person_model = apps.get_model("people", "Person")
    data_key_model = apps.get_model("core", "DataKey")
    alias = schema_editor.connection.alias
    raw = {
        f"_raw_{name}": ExpressionWrapper(F(name), output_field=models.TextField())
        for name in IDENTITY_FIELDS
    }
    rows = (
        person_model.objects.using(alias)
        .filter(data_key__isnull=True, identity_erased_at__isnull=True)
        .annotate(**raw)
        .values_list("pk", *raw)
    )
    for pk, *tokens in list(rows):
        material = os.urandom(DATA_KEY_BYTES)
        key = data_key_model.objects.using(alias).create(
            wrapped=base64.b64encode(material).decode("ascii")
        )
        aead = AESGCM(material)
        updates: dict[str, Any] = {"data_key_id": key.pk}
        for name, token in zip(IDENTITY_FIELDS, tokens, strict=True):
            if not token or token.startswith(SEALED_PREFIX):
                continue
            context = f"people.Person.{name}"
            sealed = seal_with(
                aead, decrypt_str(token, context=context), data_key_id=key.pk, context=context
            )
            updates[name] = Value(sealed, output_field=models.TextField())
        person_model.objects.using(alias).filter(pk=pk).update(**updates)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_person_data_key"),
    ]

    operations = [
        migrations.RunPython(seal_identities, migrations.RunPython.noop, elidable=True),
    ]
