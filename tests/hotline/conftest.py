"""Fixtures of the hotline tests: fakes of the registries and referrals for unit tests."""

from __future__ import annotations

from tests.hotline.fakes import fake_referrals, fake_registries, no_referrals_app  # noqa: F401
