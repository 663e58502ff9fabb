"""The administration pages as an administrator uses them: forms that keep what was typed and
show errors by their field, actions out of scope answering 404, the pages in every language."""

from __future__ import annotations

import pytest

from palermo.accounts.models import Agency, Membership, User


def actions(admins):  # type: ignore[no-untyped-def]
    officer = admins["officer_minsk"]
    v = {"version": officer.user.version}
    return [
        (f"/administration/users/{officer.user.pk}/deactivate/", v),
        (f"/administration/users/{officer.user.pk}/reactivate/", v),
        (f"/administration/users/{officer.user.pk}/second-factor/reset/", v),
        (f"/administration/users/{officer.user.pk}/invitation/", v),
        (f"/administration/users/{officer.user.pk}/edit/", {**v, "first_name": "X"}),
        (
            f"/administration/users/{officer.user.pk}/memberships/",
            {**v, "agency": officer.agency.pk, "role": "case_worker"},
        ),
        (f"/administration/memberships/{officer.pk}/role/", {**v, "role": "case_worker"}),
        (f"/administration/memberships/{officer.pk}/remove/", v),
    ]


@pytest.mark.parametrize("name", ["agency_admin_gomel", "officer_minsk", "analyst"])
def test_actions_outside_the_scope_answer_404_and_change_nothing(admins, session_for, name):
    client = session_for(name)
    for url, form in actions(admins):
        assert client.post(url, form).status_code == 404, url
    membership = Membership.objects.get(pk=admins["officer_minsk"].pk)
    assert membership.is_active and membership.role == "ct_officer"
    assert User.objects.get(username="officer_minsk").first_name == "Andrei"


def test_an_agency_administrator_manages_their_workers_through_the_pages(admins, session_for):
    client = session_for("agency_admin_minsk")
    officer = admins["officer_minsk"]
    page = client.get(f"/administration/users/{officer.user.pk}/")
    assert page.status_code == 200
    roles = page.content.decode()
    assert 'value="national_admin"' not in roles  # never offered
    changed = client.post(
        f"/administration/memberships/{officer.pk}/role/",
        {"version": officer.user.version, "role": "case_worker"},
        follow=True,
    )
    assert "The role was changed." in changed.content.decode()
    assert Membership.objects.get(pk=officer.pk).role == "case_worker"
    stale = client.post(
        f"/administration/users/{officer.user.pk}/deactivate/",
        {"version": officer.user.version},
        follow=True,
    )
    assert "Someone else changed this record" in stale.content.decode()
    assert User.objects.get(pk=officer.user.pk).is_active
    current = User.objects.get(pk=officer.user.pk).version
    done = client.post(
        f"/administration/users/{officer.user.pk}/deactivate/", {"version": current}, follow=True
    )
    assert "The user was deactivated." in done.content.decode()
    assert not User.objects.get(pk=officer.user.pk).is_active


def test_the_invitation_form_keeps_what_was_typed_and_names_the_bad_field(admins, session_for):
    client = session_for("admin")
    answer = client.post(
        "/administration/users/invite/",
        {
            "username": "officer_minsk",
            "first_name": "Ala",
            "agency": admins["officer_minsk"].agency.pk,
            "role": "case_worker",
        },
    )
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "This user name is taken." in html and 'value="Ala"' in html
    ok = client.post(
        "/administration/users/invite/",
        {"username": "ala", "agency": admins["officer_minsk"].agency.pk, "role": "case_worker"},
    )
    assert ok.status_code == 200 and "/accounts/invitation/" in ok.content.decode()


def test_the_national_administrator_creates_and_deactivates_an_agency(admins, session_for):
    client = session_for("admin")
    bad = client.post("/administration/agencies/new/", {"name": "", "kind": "ngo"})
    assert bad.status_code == 200 and 'class="error"' in bad.content.decode()
    made = client.post(
        "/administration/agencies/new/", {"name": "Brest Hope", "kind": "ngo", "region": "BY-BR"}
    )
    assert made.status_code == 302
    agency = Agency.objects.get(name="Brest Hope")
    off = client.post(
        f"/administration/agencies/{agency.pk}/edit/",
        {"name": "Brest Hope", "kind": "ngo", "region": "BY-BR", "version": agency.version},
    )
    assert off.status_code == 302
    agency.refresh_from_db()
    assert not agency.is_active


@pytest.mark.parametrize(("lang", "word"), [("ru", "Администрирование"), ("be", "Адміністраванне")])
def test_the_pages_speak_the_users_language(admins, session_for, lang, word):
    client = session_for("admin")
    client.cookies["django_language"] = lang
    officer = admins["officer_minsk"].user.pk
    for url in [
        "/administration/",
        f"/administration/users/{officer}/",
        "/administration/agencies/",
    ]:
        answer = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
        assert answer.status_code == 200
        assert word in answer.content.decode(), url
