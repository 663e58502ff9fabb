"""Configuration: production refuses to start without secrets and passes `check --deploy`."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys

import pytest


def run_palermo(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PALERMO_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-m", "palermo.cli", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def production_env(tmp_path) -> dict[str, str]:
    return {
        "PALERMO_ENV": "production",
        "PALERMO_SECRET_KEY": secrets.token_urlsafe(50),
        "PALERMO_ENCRYPTION_KEYS": f"k1:{key()}",
        "PALERMO_BLIND_INDEX_KEY": key(),
        "PALERMO_AUDIT_SIGNING_KEY": key(),
        "PALERMO_ALLOWED_HOSTS": "palermo.example.org",
        "PALERMO_DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    }


def test_production_passes_check_deploy(tmp_path):
    result = run_palermo("manage", "check", "--deploy", env=production_env(tmp_path))
    output = result.stderr + result.stdout
    assert result.returncode == 0, output
    # No deployment (security) warning at all; the schema generator's enum-naming notes may stay.
    assert "security.W" not in output and "security.E" not in output, output
    assert "components with identical names" not in output, output


@pytest.mark.parametrize(
    "missing",
    [
        "PALERMO_SECRET_KEY",
        "PALERMO_ENCRYPTION_KEYS",
        "PALERMO_BLIND_INDEX_KEY",
        "PALERMO_AUDIT_SIGNING_KEY",
        "PALERMO_ALLOWED_HOSTS",
    ],
)
def test_production_refuses_to_start_without(missing, tmp_path):
    env = production_env(tmp_path)
    del env[missing]
    result = run_palermo("manage", "check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_secret_from_a_file(tmp_path):
    env = production_env(tmp_path)
    secret_file = tmp_path / "secret"
    secret_file.write_text(env.pop("PALERMO_SECRET_KEY") + "\n")
    env["PALERMO_SECRET_KEY_FILE"] = str(secret_file)
    assert run_palermo("manage", "check", env=env).returncode == 0


def test_bad_values_name_the_variable(tmp_path):
    result = run_palermo("manage", "check", env={"PALERMO_DEBUG": "maybe"})
    assert "PALERMO_DEBUG='maybe' is not a boolean" in result.stderr
    short = base64.b64encode(b"too short").decode()
    env = production_env(tmp_path) | {"PALERMO_ENCRYPTION_KEYS": f"k1:{short}"}
    result = run_palermo("manage", "check", env=env)
    assert result.returncode != 0
    assert "k1" in result.stderr and "32" in result.stderr
    env = production_env(tmp_path) | {"PALERMO_AUDIT_SIGNING_KEY": short}
    result = run_palermo("manage", "check", env=env)
    assert result.returncode != 0
    assert "PALERMO_AUDIT_SIGNING_KEY must decode to 32 bytes" in result.stderr


def test_development_needs_no_configuration(tmp_path):
    result = run_palermo(
        "manage", "check", env={"PALERMO_DATABASE_URL": f"sqlite:///{tmp_path / 'd.sqlite3'}"}
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value", ["maybe", "1"])
def test_production_refuses_a_bad_or_true_debug(value, tmp_path):
    result = run_palermo("manage", "check", env=production_env(tmp_path) | {"PALERMO_DEBUG": value})
    assert result.returncode != 0
    assert "PALERMO_DEBUG" in result.stderr
