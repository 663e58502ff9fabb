"""Two agency administrators (one of the Minsk CT unit, one of the Gomel NGO) next to the
fixed personas: administration is tested over all personas plus these two."""

from __future__ import annotations

import pytest
from django.test import Client

from palermo.accounts.actor import Actor, actor_for_membership
from palermo.accounts.models import Membership
from palermo.accounts.services import do_add_membership, do_create_user

PASSWORD = "persona-password-1"


def _agency_admin(username: str, agency_of: Membership) -> Membership:
    user = do_create_user(actor=None, username=username, password=PASSWORD)
    return do_add_membership(actor=None, user=user, agency=agency_of.agency, role="agency_admin")


@pytest.fixture
def admins(personas: dict[str, Membership]) -> dict[str, Membership]:
    """Every persona, plus `agency_admin_minsk` and `agency_admin_gomel`."""
    return {
        **personas,
        "agency_admin_minsk": _agency_admin("agency_admin_minsk", personas["officer_minsk"]),
        "agency_admin_gomel": _agency_admin("agency_admin_gomel", personas["caseworker_gomel"]),
    }


@pytest.fixture
def session_for(admins: dict[str, Membership]):  # type: ignore[no-untyped-def]
    def make(name: str) -> Client:
        client = Client()
        client.force_login(admins[name].user)
        return client

    return make


@pytest.fixture
def admin_actor(admins: dict[str, Membership]):  # type: ignore[no-untyped-def]
    def make(name: str) -> Actor:
        return actor_for_membership(admins[name])

    return make
