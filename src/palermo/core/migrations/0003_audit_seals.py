from django.db import migrations, models

import palermo.core.models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_notifications"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditSeal",
            fields=[
                ("number", models.BigIntegerField(primary_key=True, serialize=False, verbose_name="seal number")),
                ("sealed_at", models.DateTimeField(editable=False, verbose_name="sealed at")),
                ("size", models.PositiveIntegerField(verbose_name="events in the batch")),
                ("tree_size", models.BigIntegerField(verbose_name="events sealed so far")),
                ("last_txid", models.BigIntegerField(verbose_name="last transaction")),
                ("last_seq", models.BigIntegerField(verbose_name="last event number")),
                ("leaves", models.JSONField(default=list, verbose_name="leaves")),
                ("root", models.CharField(max_length=64, verbose_name="Merkle root")),
                ("prev_head", models.CharField(max_length=64, verbose_name="previous head")),
                ("head", models.CharField(max_length=64, verbose_name="head")),
                ("key_id", models.CharField(max_length=16, verbose_name="signing key")),
                ("signature", models.CharField(max_length=128, verbose_name="signature")),
            ],
            options={
                "verbose_name": "audit seal",
                "verbose_name_plural": "audit seals",
                "ordering": ["number"],
            },
        ),
        migrations.AddField(
            model_name="auditevent",
            name="txid",
            field=palermo.core.models.TransactionIdField(default=0, editable=False, verbose_name="transaction"),
        ),
    ]
