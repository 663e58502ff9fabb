"""No personal data in logs or URLs: a journey with unique names, then every log line is
scanned for them."""

from __future__ import annotations

import logging

from django.urls import reverse

from palermo.core.logfilters import RedactQueryStrings

FAMILY = "Ззыбаўская"
LATIN = "Zzybauskaya"


def test_a_journey_with_unique_names_leaves_them_in_no_log_line(
    caplog, client_for, api_for, personas
):
    caplog.set_level(logging.DEBUG)
    web = client_for("officer_minsk")
    web.raise_request_exception = False
    registered = web.post(
        reverse("cases:register"),
        {
            "family_name": FAMILY,
            "family_name_latin": LATIN,
            "gender": "female",
            "citizenship_status": "citizen",
            "citizenship": "BY",
            "identification_method": "hotline",
            "exploitation_forms": ["forced_labour"],
            "region": "BY-HM",
            "identified_on": "2026-01-15",
        },
    )
    assert registered.status_code == 302
    found = web.post(reverse("cases:list"), {"q": LATIN})
    assert FAMILY in found.content.decode()
    web.post(reverse("people:possible_matches"), {"family_name": FAMILY})
    api = api_for("officer_minsk")
    assert api.get("/api/cases/", {"q": LATIN}).json()["count"] == 1
    api.get("/api/cases/", {"q": LATIN, "limit": "x"})  # a 400, logged as a warning
    web.get("/cases/nowhere/", {"q": LATIN})  # a 404, logged as a warning
    lines = [handler_format(record) for record in caplog.records]
    assert lines, "the journey logged nothing at all"
    leaked = [line for line in lines if FAMILY in line or LATIN.lower() in line.lower()]
    assert leaked == []


def handler_format(record: logging.LogRecord) -> str:
    RedactQueryStrings().filter(record)
    return logging.Formatter("%(name)s %(levelname)s %(message)s").format(record)


def test_the_server_request_log_loses_its_query_string():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET /api/cases/?q={LATIN}&limit=5 HTTP/1.1", "200", "512"),
        None,
    )
    RedactQueryStrings().filter(record)
    assert LATIN not in record.getMessage()
    assert "/api/cases/" in record.getMessage()


def test_the_case_search_form_posts(client_for):
    html = client_for("officer_minsk").get(reverse("cases:list")).content.decode()
    assert 'role="search"' in html and 'method="post"' in html
    assert "hx-push-url" not in html
