"""Data migrations that seal existing rows with a data key each (crypto-shredding).

``seal_rows("hotline", "Call", ("caller_name", "caller_contact"))`` returns the function of a
``RunPython`` operation: every row that holds something in those columns and has no data key yet
gets a fresh key (wrapped by the key ring) and its columns re-encrypted under it. Idempotent.
The columns' contexts are ``"<app>.<Model>.<field>"``, as the encrypted fields derive them.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Sequence
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import models
from django.db.models import ExpressionWrapper, F, Value

from palermo.core.crypto import decrypt_str
from palermo.core.datakeys import DATA_KEY_BYTES, SEALED_PREFIX, seal_with


def seal_rows(app_label: str, model_name: str, fields: Sequence[str]) -> Callable[[Any, Any], None]:
    def run(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        data_key_model = apps.get_model("core", "DataKey")
        alias = schema_editor.connection.alias
        raw = {
            f"_raw_{name}": ExpressionWrapper(F(name), output_field=models.TextField())
            for name in fields
        }
        rows = (
            model.objects.using(alias)
            .filter(data_key__isnull=True)
            .annotate(**raw)
            .order_by("pk")
            .values_list("pk", *raw)
        )
        for pk, *tokens in list(rows):
            if not any(tokens):
                continue  # nothing personal left to seal (e.g. already shredded)
            material = os.urandom(DATA_KEY_BYTES)
            key = data_key_model.objects.using(alias).create(
                wrapped=base64.b64encode(material).decode("ascii")
            )
            aead = AESGCM(material)
            updates: dict[str, Any] = {"data_key_id": key.pk}
            for name, token in zip(fields, tokens, strict=True):
                if not token or token.startswith(SEALED_PREFIX):
                    continue
                context = f"{app_label}.{model_name}.{name}"
                sealed = seal_with(
                    aead, decrypt_str(token, context=context), data_key_id=key.pk, context=context
                )
                updates[name] = Value(sealed, output_field=models.TextField())
            model.objects.using(alias).filter(pk=pk).update(**updates)

    return run
