from __future__ import annotations

from django.db import migrations, models

import palermo.core.fields


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.CreateModel(
            name="SecretSample",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", palermo.core.fields.EncryptedCharField(blank=True, max_length=200)),
                ("narrative", palermo.core.fields.EncryptedTextField(blank=True)),
                ("birth_date", palermo.core.fields.EncryptedDateField(blank=True, null=True)),
                ("contacts", palermo.core.fields.EncryptedJSONField(blank=True, null=True)),
                ("label", models.CharField(blank=True, max_length=50)),
                ("updated", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.CreateModel(
            name="RenamedSample",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "alias",
                    palermo.core.fields.EncryptedTextField(
                        blank=True, context="fieldtest.OldSample.alias"
                    ),
                ),
            ],
        ),
    ]
