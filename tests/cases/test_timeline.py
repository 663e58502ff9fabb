"""The case timeline tells the story from the audit log, limited to what the viewer may see."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PERSONA_NAMES

VIEWERS = {"officer_minsk", "admin"}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_timeline_permissions(persona, client_for, minsk_case):
    response = client_for(persona).get(reverse("cases:timeline", args=[minsk_case.pk]))
    assert response.status_code == (200 if persona in VIEWERS else 404)


def test_owner_sees_registration_and_edits_but_reads_only_in_who_looked(client_for, minsk_case):
    client = client_for("officer_minsk")
    client.get(reverse("cases:detail", args=[minsk_case.pk]))
    page = client.get(reverse("cases:timeline", args=[minsk_case.pk])).content.decode()
    assert "Case registered" in page
    assert "officer_minsk" in page
    assert "Identity read" not in page
    reads = client_for("admin").get(reverse("cases:who_looked", args=[minsk_case.pk]))
    assert "Identity read" in reads.content.decode()


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_timeline_api(persona, api_for, minsk_case):
    response = api_for(persona).get(f"/api/cases/{minsk_case.pk}/timeline/")
    assert response.status_code == (200 if persona in VIEWERS else 404)
    if persona in VIEWERS:
        assert "Case registered" in [e["what"] for e in response.json()]
