"""What administrators and the people they manage notice: invitations that work once, roles
that cannot be raised above the administrator's own scope, deactivation that takes effect at
once, the second factor reset, every change audited without a secret in the record."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from palermo.accounts.models import ApiToken, AuthenticatorDevice, Invitation, Membership, User
from palermo.accounts.services import do_confirm_totp_device, do_issue_api_token
from palermo.core.models import AuditEvent

NEW_PASSWORD = "Tarakan-Zhaba-7-lipa"
KEY = "3132333435363738393031323334353637383930"


def logs_in(username: str, password: str) -> Client | None:
    """Logs in through the log-in page, as a person does: the client, or None if refused."""
    client = Client()
    answer = client.post("/accounts/login/", {"username": username, "password": password})
    return client if answer.status_code == 302 else None


def api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def invite(client: APIClient, agency_id: int, role: str = "case_worker", username: str = "novy"):
    return client.post(
        "/api/administration/users/",
        {"username": username, "first_name": "Ala", "last_name": "Nova", "agency": agency_id,
         "role": role, "email": "ala@example.org"},
        format="json",
    )  # fmt: skip


# ---- invitations -------------------------------------------------------------------------


def test_an_invitation_sets_a_password_once_and_the_invitee_logs_in(admins):
    agency = admins["officer_minsk"].agency
    answer = invite(api(admins["admin"].user), agency.pk)
    assert answer.status_code == 201, answer.json()
    link = answer.json()["invitation_url"]
    path = link.split("testserver", 1)[1]
    user = User.objects.get(username="novy")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).role == "case_worker"
    # Only the hash is kept.
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash=token).exists()

    browser = Client()
    assert browser.get(path).status_code == 200
    weak = browser.post(path, {"password": "password", "password_again": "password"})
    assert weak.status_code == 200 and b'class="error"' in weak.content
    done = browser.post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/"
    assert browser.get("/cases/").status_code == 200  # logged in, with the given role

    # The link works once.
    assert Client().get(path).status_code == 404
    again = Client().post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert again.status_code == 404
    assert logs_in("novy", NEW_PASSWORD)


def test_an_expired_invitation_is_refused_and_a_new_link_replaces_the_old(admins):
    client = api(admins["admin"].user)
    answer = invite(client, admins["officer_minsk"].agency.pk)
    path = answer.json()["invitation_url"].split("testserver", 1)[1]
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert Client().get(path).status_code == 404
    user = User.objects.get(username="novy")
    fresh = client.post(
        f"/api/administration/users/{user.pk}/invitation/", {"version": user.version}, "json"
    )
    assert fresh.status_code == 201
    new_path = fresh.json()["invitation_url"].split("testserver", 1)[1]
    assert Client().get(new_path).status_code == 200
    assert Client().get(path).status_code == 404


def test_the_invitee_of_a_role_needing_a_second_factor_sets_one_up_first(admins, settings):
    settings.PALERMO_SECOND_FACTOR_ROLES = ["case_worker"]
    answer = invite(api(admins["admin"].user), admins["caseworker_gomel"].agency.pk)
    path = answer.json()["invitation_url"].split("testserver", 1)[1]
    browser = Client()
    browser.post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    cases = browser.get("/cases/")
    assert cases.status_code == 302 and cases["Location"].startswith("/accounts/two-factor/")


def test_invitation_input_is_checked_field_by_field(admins):
    client = api(admins["admin"].user)
    bad = client.post(
        "/api/administration/users/",
        {"username": "bad name!", "agency": admins["officer_minsk"].agency.pk, "role": "pope",
         "email": "nope"},
        format="json",
    )  # fmt: skip
    assert bad.status_code == 400
    assert {"username", "role", "email"} <= set(bad.json())
    taken = invite(client, admins["officer_minsk"].agency.pk, username="officer_minsk")
    assert taken.status_code == 400 and "username" in taken.json()
    assert not User.objects.filter(username="bad name!").exists()


# ---- escalation --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["national_admin", "national_coordinator"])
def test_an_agency_administrator_cannot_give_a_national_role(admins, role):
    client = api(admins["agency_admin_minsk"].user)
    agency = admins["officer_minsk"].agency.pk
    refused = invite(client, agency, role=role)
    assert refused.status_code == 400 and "role" in refused.json()
    assert not User.objects.filter(username="novy").exists()
    officer = admins["officer_minsk"].user
    grant = client.post(
        f"/api/administration/users/{officer.pk}/memberships/",
        {"agency": agency, "role": role, "version": officer.version},
        format="json",
    )
    assert grant.status_code == 400 and "role" in grant.json()
    change = client.patch(
        f"/api/administration/memberships/{admins['officer_minsk'].pk}/",
        {"role": role, "version": officer.version},
        format="json",
    )
    assert change.status_code == 400
    assert Membership.objects.get(pk=admins["officer_minsk"].pk).role == "ct_officer"
    # Nor through the page.
    page = Client()
    page.force_login(admins["agency_admin_minsk"].user)
    page.post(
        "/administration/users/invite/",
        {"username": "novy", "agency": agency, "role": role},
    )
    assert not User.objects.filter(username="novy").exists()


def test_an_agency_administrator_gives_roles_only_in_their_own_agency(admins):
    client = api(admins["agency_admin_minsk"].user)
    officer = admins["officer_minsk"].user
    other = admins["caseworker_gomel"].agency.pk
    grant = client.post(
        f"/api/administration/users/{officer.pk}/memberships/",
        {"agency": other, "role": "case_worker", "version": officer.version},
        format="json",
    )
    assert grant.status_code == 400 and "agency" in grant.json()
    assert invite(client, other).status_code == 400


def test_the_national_administrator_gives_any_role_anywhere(admins):
    client = api(admins["admin"].user)
    officer = admins["officer_minsk"].user
    grant = client.post(
        f"/api/administration/users/{officer.pk}/memberships/",
        {"agency": admins["caseworker_gomel"].agency.pk, "role": "national_coordinator",
         "version": officer.version},
        format="json",
    )  # fmt: skip
    assert grant.status_code == 201
    assert officer.memberships.filter(role="national_coordinator", is_active=True).exists()


def test_an_agency_administrator_cannot_lock_out_a_worker_of_another_agency(admins, admin_actor):
    from palermo.accounts.services import do_add_membership

    officer = admins["officer_minsk"].user
    do_add_membership(actor=None, user=officer, agency=admins["caseworker_gomel"].agency,
                      role="case_worker")  # fmt: skip
    officer.refresh_from_db()
    client = api(admins["agency_admin_minsk"].user)
    answer = client.post(
        f"/api/administration/users/{officer.pk}/deactivate/", {"version": officer.version}, "json"
    )
    assert answer.status_code == 400
    officer.refresh_from_db()
    assert officer.is_active


# ---- deactivation, second factor reset ---------------------------------------------------


def test_deactivation_ends_sessions_and_tokens_at_once(admins, actor):
    officer = admins["officer_minsk"].user
    session = Client()
    session.force_login(officer)
    key = do_issue_api_token(actor=actor("officer_minsk"), name="sync").key
    token = APIClient()
    token.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert session.get("/cases/").status_code == 200
    assert token.get("/api/cases/").status_code == 200

    client = api(admins["admin"].user)
    answer = client.post(
        f"/api/administration/users/{officer.pk}/deactivate/", {"version": officer.version}, "json"
    )
    assert answer.status_code == 200 and answer.json()["is_active"] is False
    assert session.get("/cases/").status_code == 302
    assert token.get("/api/cases/").status_code in (401, 403)
    assert not logs_in("officer_minsk", "persona-password-1")

    officer.refresh_from_db()
    back = client.post(
        f"/api/administration/users/{officer.pk}/reactivate/", {"version": officer.version}, "json"
    )
    assert back.status_code == 200
    assert logs_in("officer_minsk", "persona-password-1")
    # The tokens stay revoked: the user issues new ones.
    assert token.get("/api/cases/").status_code in (401, 403)
    assert ApiToken.objects.get(prefix=key.split("_")[1]).revoked_at is not None


def test_removing_a_role_ends_its_access(admins):
    officer = admins["officer_minsk"].user
    session = Client()
    session.force_login(officer)
    client = api(admins["agency_admin_minsk"].user)
    answer = client.post(
        f"/api/administration/memberships/{admins['officer_minsk'].pk}/remove/",
        {"version": officer.version},
        format="json",
    )
    assert answer.status_code == 200
    assert session.get("/cases/").status_code == 404


def test_a_second_factor_reset_makes_the_user_enrol_again(admins, actor, settings):
    import dataclasses

    settings.PALERMO_SECOND_FACTOR_ROLES = ["ct_officer"]
    officer_actor = dataclasses.replace(actor("officer_minsk"), second_factor_at=timezone.now())
    do_confirm_totp_device(actor=officer_actor, key=KEY)
    officer = admins["officer_minsk"].user
    client = api(admins["admin"].user)
    officer.refresh_from_db()
    answer = client.post(
        f"/api/administration/users/{officer.pk}/reset-second-factor/",
        {"version": officer.version},
        format="json",
    )
    assert answer.status_code == 200 and answer.json()["has_second_factor"] is False
    assert not AuthenticatorDevice.objects.filter(user=officer).exists()
    browser = logs_in("officer_minsk", "persona-password-1")
    assert browser is not None
    cases = browser.get("/cases/")
    assert cases.status_code == 302 and cases["Location"].startswith("/accounts/two-factor/")
    setup = browser.get("/accounts/two-factor/")
    assert b"two_factor_setup" in setup.content or setup.templates[0].name.endswith("setup.html")


# ---- concurrency, audit ------------------------------------------------------------------


def test_an_update_based_on_an_old_version_is_refused(admins):
    officer = admins["officer_minsk"].user
    first = api(admins["admin"].user)
    second = api(admins["agency_admin_minsk"].user)
    seen = officer.version
    body = {"first_name": "Andrei", "last_name": "Kavaliou", "email": "a@example.org"}
    assert (
        first.patch(
            f"/api/administration/users/{officer.pk}/", {**body, "version": seen}, "json"
        ).status_code
        == 200
    )
    late = second.patch(
        f"/api/administration/users/{officer.pk}/",
        {**body, "email": "b@example.org", "version": seen},
        "json",
    )
    assert late.status_code == 409
    officer.refresh_from_db()
    assert officer.email == "a@example.org"


def test_every_change_is_audited_with_before_and_after_and_no_secret(admins):
    client = api(admins["admin"].user)
    answer = invite(client, admins["officer_minsk"].agency.pk)
    link = answer.json()["invitation_url"]
    token = link.rstrip("/").rsplit("/", 1)[1]
    user = User.objects.get(username="novy")
    Client().post(
        link.split("testserver", 1)[1], {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    user.refresh_from_db()
    client.patch(
        f"/api/administration/memberships/{user.memberships.get().pk}/",
        {"role": "ct_officer", "version": user.version},
        format="json",
    )
    user.refresh_from_db()
    client.post(
        f"/api/administration/users/{user.pk}/deactivate/", {"version": user.version}, "json"
    )

    events = AuditEvent.objects.filter(object_id=str(user.pk), object_type="accounts.user")
    actions = set(events.values_list("action", flat=True))
    assert {"user.invited", "user.invitation_accepted", "user.deactivated"} <= actions
    deactivated = events.get(action="user.deactivated")
    assert deactivated.actor_username == "admin"
    assert deactivated.data["before"] == {"is_active": True}
    assert deactivated.data["after"] == {"is_active": False}
    role = AuditEvent.objects.get(action="membership.role_changed")
    assert role.data["before"] == {"role": "case_worker"}
    assert role.data["after"] == {"role": "ct_officer"}
    everything = json.dumps(list(AuditEvent.objects.values_list("data", flat=True)))
    assert token not in everything
    assert NEW_PASSWORD not in everything


def test_agencies_are_created_edited_and_deactivated_by_the_national_administrator(admins):
    client = api(admins["admin"].user)
    created = client.post(
        "/api/administration/agencies/",
        {"name": "Brest Hope", "kind": "ngo", "region": "BY-BR"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    agency = created.json()
    bad = client.patch(
        f"/api/administration/agencies/{agency['id']}/",
        {**agency, "kind": "castle", "region": "XX"},
        format="json",
    )
    assert bad.status_code == 400 and {"kind", "region"} <= set(bad.json())
    off = client.patch(
        f"/api/administration/agencies/{agency['id']}/",
        {**agency, "is_active": False, "catalogue_code": None},
        format="json",
    )
    assert off.status_code == 200 and off.json()["is_active"] is False
    event = AuditEvent.objects.get(action="agency.updated")
    assert event.data["before"] == {"is_active": True} and event.data["after"] == {
        "is_active": False
    }
    agency_admin = api(admins["agency_admin_minsk"].user)
    own = admins["officer_minsk"].agency.pk
    assert (
        agency_admin.patch(
            f"/api/administration/agencies/{own}/", {**agency, "version": 1}, "json"
        ).status_code
        == 404
    )
    assert (
        agency_admin.post(
            "/api/administration/agencies/", {"name": "X", "kind": "ngo"}, "json"
        ).status_code
        == 403
    )
