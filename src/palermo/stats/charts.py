"""Horizontal bar charts as geometry: drawn as SVG on the pages (no script, no CDN) and with
the same numbers in the PDF. Suppressed values get no bar and a mark instead."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LABEL_WIDTH = 220
BAR_AREA = 300
ROW_HEIGHT = 22
BAR_HEIGHT = 14


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None
    x: int
    y: int
    width: int
    height: int
    text_y: int


@dataclass(frozen=True)
class Chart:
    title: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_x: int
    value_x_offset: int = 6


def bar_chart(title: str, values: Sequence[tuple[str, int | None]]) -> Chart:
    largest = max((v for _label, v in values if v), default=0)
    bars = []
    for i, (label, value) in enumerate(values):
        length = round(BAR_AREA * value / largest) if value and largest else 0
        y = i * ROW_HEIGHT + 4
        bars.append(Bar(label, value, LABEL_WIDTH, y, length, BAR_HEIGHT, y + BAR_HEIGHT - 3))
    return Chart(
        title=title,
        bars=tuple(bars),
        width=LABEL_WIDTH + BAR_AREA + 60,
        height=len(values) * ROW_HEIGHT + 8,
        label_x=LABEL_WIDTH - 6,
    )
