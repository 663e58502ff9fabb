from typing import Any

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def receiving_agency_region(apps: Any, schema_editor: Any) -> None:
    # Referrals sent before the region was kept: the receiving agency's region is the best known.
    Referral = apps.get_model("referrals", "Referral")
    Agency = apps.get_model("accounts", "Agency")
    Referral.objects.update(
        region=Subquery(Agency.objects.filter(pk=OuterRef("to_agency_id")).values("region")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("referrals", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="region",
            field=models.CharField(
                blank=True, max_length=20, verbose_name="region where the services are needed"
            ),
        ),
        migrations.RunPython(receiving_agency_region, migrations.RunPython.noop),
    ]
