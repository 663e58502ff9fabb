"""Real concurrent transactions (PostgreSQL): an invitation link used twice at the same moment
sets one password; two administrators changing the same user at once cannot both win."""

from __future__ import annotations

import pytest

from palermo.accounts.administration import (
    do_accept_invitation,
    do_invite_user,
    do_set_user_active,
    do_update_user,
)
from palermo.accounts.models import User
from tests.concurrency import sorted_race

PASSWORDS = ["Kalina-Maliny-42-sad", "Buslou-Hnezda-17-dah"]


@pytest.mark.parametrize("attempt", range(3))
def test_an_invitation_is_accepted_once(attempt, server_db, admins, admin_actor):
    issued = do_invite_user(
        actor=admin_actor("admin"),
        username=f"novy{attempt}",
        agency=admins["officer_minsk"].agency,
        role="case_worker",
    )
    outcomes = sorted_race(
        *[
            lambda p=p: do_accept_invitation(token=issued.token, password=p, password_again=p)
            for p in PASSWORDS
        ]
    )
    assert outcomes == ["applied", "refused"]
    user = User.objects.get(username=f"novy{attempt}")
    assert sum(user.check_password(p) for p in PASSWORDS) == 1


@pytest.mark.parametrize("attempt", range(3))
def test_two_administrators_changing_one_user_cannot_both_win(
    attempt, server_db, admins, admin_actor
):
    officer = admins["officer_minsk"].user
    seen = officer.version
    outcomes = sorted_race(
        lambda: do_update_user(
            actor=admin_actor("admin"),
            user=officer,
            expected_version=seen,
            first_name="Andrei",
            last_name="Kavaliou",
            email="first@example.org",
        ),
        lambda: do_set_user_active(
            actor=admin_actor("agency_admin_minsk"),
            user=officer,
            active=False,
            expected_version=seen,
        ),
    )
    assert outcomes == ["applied", "refused"]
    officer.refresh_from_db()
    assert officer.version == seen + 1
    assert (officer.email == "first@example.org") != (not officer.is_active)


def test_two_invitations_of_one_user_name_at_once_create_one_user(server_db, admins, admin_actor):
    agency = admins["officer_minsk"].agency
    outcomes = sorted_race(
        *[
            lambda a=a: do_invite_user(
                actor=admin_actor(a), username="twin", agency=agency, role="case_worker"
            )
            for a in ("admin", "agency_admin_minsk")
        ]
    )
    assert outcomes == ["applied", "refused"]
    assert User.objects.filter(username="twin").count() == 1
