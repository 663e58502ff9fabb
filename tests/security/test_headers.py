"""Headers: a strict CSP everywhere, no inline script or style in any template, a
Permissions-Policy, nothing cached for logged-in answers, and sessions that end when idle."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import palermo
from palermo.accounts.middleware import SESSION_SEEN_AT, SESSION_STARTED_AT

TEMPLATES = sorted(Path(palermo.__file__).parent.rglob("templates/**/*.html"))
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\son[a-z]+\s*=|javascript:|\sstyle\s*=", re.IGNORECASE
)


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 100


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p).split("palermo/")[-1])
def test_no_template_has_inline_script_handlers_or_styles(template):
    assert INLINE.findall(template.read_text(encoding="utf-8")) == []


def csp_of(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/portal/", "/accounts/login/", "/cases/", "/api/me/"])
def test_every_answer_has_a_strict_csp_and_permissions_policy(client_for, path):
    response = client_for("officer_minsk").get(path)
    policy = csp_of(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["script-src"].split()[1:2] == ["'self'"]
    assert policy["object-src"] == "object-src 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_pages_load_script_only_from_static_files(client_for):
    html = client_for("officer_minsk").get("/cases/new/").content.decode()
    assert 'src="/static/palermo/app.js"' in html
    assert "onchange" not in html


def test_api_docs_need_no_cdn(client):
    html = client.get("/api/docs/").content.decode()
    assert "redoc.standalone.js" in html
    assert "https://" not in html
    assert (
        client.get("/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js").status_code
        == 200
    )


@pytest.mark.parametrize("path", ["/cases/", "/api/cases/", "/accounts/password/"])
def test_answers_to_logged_in_users_are_not_stored(client_for, path):
    response = client_for("officer_minsk").get(path)
    assert "no-store" in response["Cache-Control"]


def test_token_answers_are_not_stored(api_for, minsk_case):
    response = api_for("officer_minsk").get(f"/api/cases/{minsk_case.pk}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_public_portal_may_be_cached(client):
    assert "no-store" not in client.get("/portal/").get("Cache-Control", "")


def _logged_in(username: str) -> Client:
    client = Client()
    client.post(reverse("accounts:login"), {"username": username, "password": "persona-password-1"})
    return client


def _age_session(client: Client, *, idle: int, age: int) -> None:
    session = client.session
    now = int(time.time())
    session[SESSION_SEEN_AT] = now - idle
    session[SESSION_STARTED_AT] = now - age
    session.save()


def test_an_idle_session_ends(personas, settings):
    client = _logged_in("officer_minsk")
    assert client.get("/cases/").status_code == 200
    _age_session(client, idle=settings.PALERMO_SESSION_IDLE_SECONDS + 5, age=3600)
    response = client.get("/cases/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/cases/").status_code in {401, 403}


def test_an_active_session_ends_at_the_absolute_limit(personas, settings):
    client = _logged_in("officer_minsk")
    _age_session(client, idle=10, age=settings.SESSION_COOKIE_AGE + 5)
    assert client.get("/api/cases/").status_code == 401


def test_a_recently_active_session_goes_on(personas, settings):
    client = _logged_in("officer_minsk")
    _age_session(client, idle=settings.PALERMO_SESSION_IDLE_SECONDS - 60, age=3600)
    assert client.get("/cases/").status_code == 200
