"""Call and tip statistics: counts only, by topic, region, channel and month, from plain columns.

No identity value is read: the queries group and count indexed columns in the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _

from palermo.hotline.models import Call, Tip
from palermo.hotline.vocab import Channel, TipSource, TipStatus, Topic
from palermo.jurisdictions.pack import get_pack


@dataclass
class Row:
    code: str
    label: str
    count: int


@dataclass
class CallStatistics:
    year: int
    total: int
    by_topic: list[Row]
    by_region: list[Row]
    by_channel: list[Row]
    by_month: list[int]  # 12 numbers, January first
    topic_by_month: list[tuple[Row, list[int]]] = field(default_factory=list)
    tips_by_source: list[Row] = field(default_factory=list)
    tips_by_status: list[Row] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        def rows(items: list[Row]) -> list[dict[str, object]]:
            return [{"code": r.code, "label": r.label, "count": r.count} for r in items]

        return {
            "year": self.year,
            "total": self.total,
            "by_topic": rows(self.by_topic),
            "by_region": rows(self.by_region),
            "by_channel": rows(self.by_channel),
            "by_month": self.by_month,
            "topic_by_month": [
                {"code": r.code, "label": r.label, "months": m} for r, m in self.topic_by_month
            ],
            "tips_by_source": rows(self.tips_by_source),
            "tips_by_status": rows(self.tips_by_status),
        }


def _count_by(qs: QuerySet, column: str) -> dict[str, int]:
    return {row[column]: row["n"] for row in qs.values(column).annotate(n=Count("id")).order_by()}


def _rows(counts: dict[str, int], choices: Sequence[tuple[str, object]]) -> list[Row]:
    return [Row(code, str(label), counts.get(code, 0)) for code, label in choices]


def call_statistics(calls: QuerySet[Call], tips: QuerySet[Tip], year: int) -> CallStatistics:
    calls = calls.filter(received_at__year=year)
    tips = tips.filter(received_at__year=year)
    region_choices = [(r.code, r.name()) for r in get_pack().regions] + [("", _("Not known"))]
    months = [0] * 12
    grid: dict[str, list[int]] = {code: [0] * 12 for code in Topic.values}
    for row in (
        calls.annotate(month=ExtractMonth("received_at"))
        .values("topic", "month")
        .annotate(n=Count("id"))
        .order_by()
    ):
        months[row["month"] - 1] += row["n"]
        grid.setdefault(row["topic"], [0] * 12)[row["month"] - 1] += row["n"]
    by_topic = _rows(_count_by(calls, "topic"), Topic.choices)
    return CallStatistics(
        year=year,
        total=sum(months),
        by_topic=by_topic,
        by_region=_rows(_count_by(calls, "region"), region_choices),
        by_channel=_rows(_count_by(calls, "channel"), Channel.choices),
        by_month=months,
        topic_by_month=[(row, grid[row.code]) for row in by_topic],
        tips_by_source=_rows(_count_by(tips, "source"), TipSource.choices),
        tips_by_status=_rows(_count_by(tips, "status"), TipStatus.choices),
    )
