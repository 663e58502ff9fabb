"""The demo hooks seed realistic content through the services."""

from __future__ import annotations

import random

from django.urls import reverse
from django.utils import timezone

from palermo.hotline.demo import seed_calls
from palermo.hotline.models import Call, Tip
from palermo.portal.demo import HOTLINE_NUMBER, seed_portal_pages
from palermo.prevention.demo import seed_activities
from palermo.prevention.models import Activity


def test_demo_content(client, actor):
    seed_portal_pages(actor=actor("admin"))
    assert seed_portal_pages(actor=actor("admin")) == []  # idempotent
    for lang, phrase in [("en", "free of charge"), ("ru", "бесплатно"), ("be", "бясплатна")]:
        html = client.get(reverse("portal:home", args=[lang])).content.decode()
        assert HOTLINE_NUMBER in html and phrase in html

    year = timezone.localdate().year
    rng = random.Random(7)  # noqa: S311  (demo data, not cryptography)
    seed_calls(operator=actor("hotline_operator"), rng=rng, year=year, count=40)
    assert Call.objects.count() == 40 and Tip.objects.filter(source="portal").count() == 3

    made = seed_activities(
        national=actor("admin"),
        regional=[actor("officer_minsk"), actor("caseworker_gomel")],
        rng=random.Random(8),  # noqa: S311
        year=year,
    )
    assert len(made) == Activity.objects.count() >= 10
    assert Activity.objects.filter(items=363).exists()
