"""Move every authenticator app from django-otp's TOTPDevice (key in clear) to
accounts.AuthenticatorDevice (key encrypted with the key ring), and delete the clear rows.

The users keep their apps: the same key, counters and throttling state move over. Sessions that
confirmed a code with an old device confirm once more (their device id no longer exists).
"""

from django.db import migrations

FIELDS = (
    "user_id", "name", "confirmed", "throttling_failure_timestamp",
    "throttling_failure_count", "created_at", "last_used_at", "key", "step", "t0", "digits",
    "tolerance", "drift", "last_t",
)  # fmt: skip


def move_to_encrypted(apps, schema_editor):
    old = apps.get_model("otp_totp", "TOTPDevice")
    new = apps.get_model("accounts", "AuthenticatorDevice")
    for device in old.objects.order_by("pk").iterator():
        # The encrypted field encrypts on the way in (its class is used by historical models).
        new.objects.create(**{name: getattr(device, name) for name in FIELDS})
    old.objects.all().delete()


def move_back(apps, schema_editor):
    old = apps.get_model("otp_totp", "TOTPDevice")
    new = apps.get_model("accounts", "AuthenticatorDevice")
    for device in new.objects.order_by("pk").iterator():
        old.objects.create(**{name: getattr(device, name) for name in FIELDS})
    new.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_authenticator_device"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(move_to_encrypted, move_back)]
