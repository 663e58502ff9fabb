"""Fixtures of the portal tests."""

from __future__ import annotations

from tests.hotline.fakes import fake_registries  # noqa: F401
