"""Test settings: Palermo's settings in test mode, plus the test-only apps."""

from __future__ import annotations

import os

os.environ.setdefault("PALERMO_ENV", "test")
os.environ.setdefault("PALERMO_EXTRA_APPS", "tests.core.fieldtest")
os.environ.setdefault("PALERMO_SECOND_FACTOR_ROLES", "")
os.environ.setdefault("PALERMO_SECOND_FACTOR_FOR_IDENTITY", "0")

from palermo.settings import *  # noqa: F403
