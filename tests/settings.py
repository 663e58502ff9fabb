"""Test settings: Palermo's settings in test mode, plus the test-only apps."""

from __future__ import annotations

import os

os.environ.setdefault("PALERMO_ENV", "test")
os.environ.setdefault("PALERMO_EXTRA_APPS", "tests.core.fieldtest")
os.environ.setdefault("PALERMO_SECOND_FACTOR_ROLES", "")
os.environ.setdefault("PALERMO_SECOND_FACTOR_FOR_IDENTITY", "0")
# Tests seal explicitly (seal_pending), so that what is sealed never depends on timing.
os.environ.setdefault("PALERMO_AUDIT_SEAL_ON_COMMIT", "false")

from palermo.settings import *  # noqa: F403
