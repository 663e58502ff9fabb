"""The duplicate benchmark's labelled set and report, on a small set (no timing asserted)."""

from __future__ import annotations

import pytest
from bench import duplicates


@pytest.mark.django_db
def test_benchmark_reports_precision_and_recall_per_variant():
    rows = dict(
        duplicates.run(
            ["--persons", "300", "--duplicates", "60", "--lookalikes", "30", "--checks", "5"]
        )
    )
    assert rows["persons stored"] == "300"
    assert rows["labelled checks: true duplicates / look-alikes"] == "60 / 30"
    default = next(v for k, v in rows.items() if "(default)" in k)
    precision, recall = (float(x) for x in default.split(" (")[0].split(" / "))
    assert recall >= 0.9 and precision >= 0.8
    for kind in duplicates.VARIANT_KINDS:
        assert f"{kind}: found at the default threshold" in rows
    assert "one check, audited service with disclosure: median / p95" in rows


@pytest.mark.parametrize(
    ("system", "expected"),
    [("icao", "Shauchenka"), ("bgn_pcgn", "Shawchenka"), ("national_2007", "Šaŭčenka")],
)
def test_transliteration_systems(system, expected):
    assert duplicates.transliterate("Шаўчэнка", system) == expected
