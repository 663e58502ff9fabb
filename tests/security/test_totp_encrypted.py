"""The secret key of an authenticator app is stored encrypted with the key ring: whoever reads
the database (a dump, a backup, a replica) cannot produce codes; key rotation re-encrypts it; the
apps set up before the key was encrypted are moved over by the migration."""

from __future__ import annotations

import base64
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from palermo.accounts.models import AuthenticatorDevice, User

PASSWORD = "persona-password-1"
KEY_HEX = "3132333435363738393031323334353637383930"


def ring_key(n: int) -> str:
    return base64.b64encode(bytes([n]) * 32).decode()


def raw_rows(table: str) -> str:
    """Every column of every row of the table, as the database holds them."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return repr(cursor.fetchall())


def test_a_key_set_up_on_the_page_is_not_in_the_database(personas, settings):
    settings.PALERMO_SECOND_FACTOR_ROLES = ["national_admin"]
    client = Client()
    client.post(reverse("accounts:login"), {"username": "admin", "password": PASSWORD})
    page = client.get(reverse("accounts:two_factor")).content.decode()
    secret = re.search(r'class="secret">([A-Z2-7]+)<', page).group(1)
    key = base64.b32decode(secret)
    answer = client.post(reverse("accounts:two_factor"), {"token": str(totp(key)).zfill(6)})
    assert answer.status_code == 302

    device = AuthenticatorDevice.objects.get(user__username="admin")
    assert device.bin_key == key  # the application reads it back
    stored = raw_rows(AuthenticatorDevice._meta.db_table)
    for form in (key.hex(), key.hex().upper(), secret, secret.lower()):
        assert form not in stored
    # Nothing went to django-otp's own table, which would hold the key in clear.
    assert raw_rows("otp_totp_totpdevice") == "[]"


def test_rotation_re_encrypts_the_key_and_codes_still_work(personas, settings):
    settings.PALERMO_ENCRYPTION_KEYS = f"old:{ring_key(1)}"
    user = User.objects.get(username="admin")
    device = AuthenticatorDevice.objects.create(user=user, name="authenticator", key=KEY_HEX)
    assert KEY_HEX not in raw_rows(AuthenticatorDevice._meta.db_table)
    assert "1.old." in raw_rows(AuthenticatorDevice._meta.db_table)

    settings.PALERMO_ENCRYPTION_KEYS = f"new:{ring_key(2)},old:{ring_key(1)}"
    out = io.StringIO()
    call_command("rotate_keys", stdout=out)
    assert "accounts.AuthenticatorDevice: re-encrypted 1 values in 1 rows" in out.getvalue()

    settings.PALERMO_ENCRYPTION_KEYS = f"new:{ring_key(2)}"  # the old key retired
    stored = raw_rows(AuthenticatorDevice._meta.db_table)
    assert ".new." in stored and ".old." not in stored and KEY_HEX not in stored
    device = AuthenticatorDevice.objects.get(pk=device.pk)
    assert device.verify_token(str(totp(bytes.fromhex(KEY_HEX))).zfill(6))


def _migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_clear_keys_to_encrypted_ones():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    before = [("accounts", "0005_api_token_second_factor")]
    _migrate(before)
    try:
        nodes = [before[0], ("otp_totp", "0003_add_timestamps")]
        state = MigrationExecutor(connection).loader.project_state(nodes).apps
        user = state.get_model("accounts", "User").objects.create(username="early_adopter")
        state.get_model("otp_totp", "TOTPDevice").objects.create(
            user_id=user.pk, name="authenticator", key=KEY_HEX, confirmed=True, last_t=7
        )
        assert KEY_HEX in raw_rows("otp_totp_totpdevice")
    finally:
        _migrate(latest)

    device = AuthenticatorDevice.objects.get(user__username="early_adopter")
    assert (device.key, device.confirmed, device.last_t) == (KEY_HEX, True, 7)
    assert KEY_HEX not in raw_rows(AuthenticatorDevice._meta.db_table)
    assert raw_rows("otp_totp_totpdevice") == "[]"
    User.objects.filter(username="early_adopter").delete()
