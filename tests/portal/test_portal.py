"""The public portal: anonymous access, cache headers, languages, agency check, list, pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from palermo.core.audit import AuditEvent
from palermo.core.errors import ConflictError
from palermo.portal.markdown import render
from palermo.portal.models import PortalPage
from palermo.portal.services import do_create_page, do_update_page
from tests.conftest import PERSONA_NAMES
from tests.portal.helpers import page_input

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    ("portal:home", {}),
    ("portal:check", {}),
    ("portal:organisations", {}),
    ("portal:tip", {}),
    ("portal:page", {"slug": "safe-work-abroad"}),
]
EDITORS = {"admin"}


@pytest.fixture
def page(actor):
    return do_create_page(actor=actor("admin"), data=page_input())


@pytest.mark.parametrize("lang", ["en", "ru", "be"])
@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_URLS)
def test_anonymous_visitor_reaches_every_public_page(
    client, page, fake_registries, name, kwargs, lang
):
    response = client.get(reverse(name, kwargs={"lang": lang, **kwargs}))
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()
    assert "Log out" not in response.content.decode()  # no staff navigation


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_URLS)
def test_every_persona_sees_the_same_public_pages(
    persona, client_for, page, fake_registries, name, kwargs
):
    response = client_for(persona).get(reverse(name, kwargs={"lang": "en", **kwargs}))
    assert response.status_code == 200


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("name", ["portal:manage", "portal:manage_new"])
def test_page_editor_is_for_national_admins(persona, name, client_for, db):
    response = client_for(persona).get(reverse(name))
    assert response.status_code == (200 if persona in EDITORS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_page_edit_screen(persona, client_for, page):
    response = client_for(persona).get(reverse("portal:manage_edit", args=[page.pk]))
    assert response.status_code == (200 if persona in EDITORS else 404)


def test_anonymous_cannot_reach_the_editor(client, page):
    assert client.get(reverse("portal:manage")).status_code == 302
    assert client.get("/api/portal/pages/").status_code in (401, 403)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_page_api(persona, api_for, page):
    client = api_for(persona)
    assert client.get("/api/portal/pages/").status_code == (200 if persona in EDITORS else 403)
    assert client.get(f"/api/portal/pages/{page.pk}/").status_code == (
        200 if persona in EDITORS else 404
    )
    body = {**page_input(title_en="Changed").__dict__, "expected_version": 1}
    response = client.put(f"/api/portal/pages/{page.pk}/", body, format="json")
    assert response.status_code == (200 if persona in EDITORS else 404)


def test_root_redirects_to_the_visitors_language(client, db):
    response = client.get("/portal/", HTTP_ACCEPT_LANGUAGE="be,ru;q=0.8")
    assert response.status_code == 302 and response["Location"] == "/portal/be/"
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("portal:page", {"slug": "safe-work-abroad"}),
        ("portal:organisations", {}),
        ("portal:home", {}),
    ],
)
def test_content_pages_are_publicly_cacheable(client, page, fake_registries, name, kwargs):
    response = client.get(reverse(name, kwargs={"lang": "ru", **kwargs}))
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=300"} <= cache_control
    assert "csrftoken" not in response.cookies and "sessionid" not in response.cookies


def test_tip_form_is_not_cached(client, db):
    response = client.get(reverse("portal:tip", args=["en"]))
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_page_in_each_language_with_english_fallback(client, actor):
    do_create_page(actor=actor("admin"), data=page_input(title_be="", body_be=""))
    ru = client.get(reverse("portal:page", args=["ru", "safe-work-abroad"])).content.decode()
    assert "Безопасное трудоустройство за рубежом" in ru and "Проверьте лицензию" in ru
    be = client.get(reverse("portal:page", args=["be", "safe-work-abroad"])).content.decode()
    assert "Working abroad safely" in be  # no Belarusian text yet: the English one
    assert 'href="/portal/ru/safe-work-abroad/"' in be  # the language switch is a plain link


def test_unpublished_page_is_not_found(client, actor):
    do_create_page(actor=actor("admin"), data=page_input(is_published=False))
    assert client.get(reverse("portal:page", args=["en", "safe-work-abroad"])).status_code == 404
    assert (
        "Working abroad safely"
        not in client.get(reverse("portal:home", args=["en"])).content.decode()
    )


def test_unknown_language_is_not_found(client, page):
    assert client.get("/portal/de/safe-work-abroad/").status_code == 404


def test_markdown_subset_is_rendered_safely():
    html = render(
        "# Title\n\nHello <script>alert(1)</script> **bold**\n\n- [ok](https://example.org)\n"
        "- [bad](javascript:alert(1))\n\n<img src=x onerror=alert(1)>"
    )
    assert "<h2>Title</h2>" in html and "<strong>bold</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<a href="https://example.org">ok</a>' in html
    assert (
        "javascript:" not in html.replace("[bad](javascript:alert(1))", "")
        or 'href="javascript' not in html
    )
    assert 'href="javascript' not in html
    assert "<img" not in html


def test_page_edits_are_validated_audited_and_versioned(actor):
    admin = actor("admin")
    with pytest.raises(ValidationError) as exc:
        do_create_page(actor=admin, data=page_input(slug="Bad Slug!", title_en="", body_en=""))
    assert {"slug", "title_en", "body_en"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        do_create_page(actor=admin, data=page_input(slug="tip"))
    assert "slug" in exc.value.message_dict
    assert PortalPage.objects.count() == 0
    page = do_create_page(actor=admin, data=page_input())
    do_update_page(actor=admin, page=page, expected_version=1, data=page_input(title_en="New"))
    with pytest.raises(ConflictError):
        do_update_page(actor=admin, page=page, expected_version=1, data=page_input(title_en="Old"))
    assert list(
        AuditEvent.objects.filter(action__startswith="portal.").values_list("action", flat=True)
    ) == ["portal.page_created", "portal.page_updated"]
    with pytest.raises(ValidationError):
        do_create_page(actor=actor("officer_minsk"), data=page_input(slug="other"))


def test_editor_form_saves_a_page(client_for, page):
    data = {**page_input(title_en="Safe work abroad (updated)").__dict__, "version": 1}
    data = {k: v for k, v in data.items() if v not in (False,)}
    response = client_for("admin").post(reverse("portal:manage_edit", args=[page.pk]), data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title_en == "Safe work abroad (updated)" and page.version == 2


# --- Agency check and the published list --------------------------------------------------------


def test_check_an_agency_by_licence_number(client, fake_registries):
    html = client.get(reverse("portal:check", args=["en"]) + "?q=L-2024-0042").content.decode()
    assert "Work Abroad Plus LLC" in html and "Licensed" in html and "2029-01-14" in html
    assert fake_registries.calls == [("L-2024-0042", True)]


def test_check_finds_a_listed_organisation(client, fake_registries):
    html = client.get(reverse("portal:check", args=["ru"]) + "?q=190000002").content.decode()
    assert "Golden Horizons Ltd" in html


def test_check_with_nothing_found_says_so(client, fake_registries):
    html = client.get(reverse("portal:check", args=["en"]) + "?q=Nobody").content.decode()
    assert "Nothing found" in html


def test_published_list(client, fake_registries):
    html = client.get(reverse("portal:organisations", args=["en"])).content.decode()
    assert "Golden Horizons Ltd" in html and "2023-04-28" in html
    assert "Work Abroad Plus" not in html


def test_portal_works_when_the_registry_is_missing(client, monkeypatch):
    from palermo.hotline import registry_check

    def absent():
        raise registry_check.RegistryUnavailable("absent")

    monkeypatch.setattr(registry_check, "_registries", absent)
    html = client.get(reverse("portal:check", args=["en"]) + "?q=Golden").content.decode()
    assert "not available" in html
    assert client.get(reverse("portal:organisations", args=["en"])).status_code == 200
