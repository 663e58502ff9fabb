"""Bar charts drawn on the server as SVG: no script, no chart library, nothing from elsewhere.

A chart is a picture of a few counts (a dashboard's "due / overdue"): the geometry is computed
here and drawn by ``core/_bar_chart.html``, which also gives the numbers as a table for a screen
reader or a printout. Labels sit above their bars so a long Russian label has the full width.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

WIDTH = 400  # the viewBox's width; the SVG scales to its container
LABEL_HEIGHT = 16
BAR_HEIGHT = 14
GAP = 8
VALUE_ROOM = 48  # right of the longest bar, for its number
LABEL_CHARS = 56  # a label longer than this is shortened in the picture (the table has it whole)


@dataclass(frozen=True)
class Bar:
    label: str
    short_label: str
    value: int
    label_y: int
    bar_y: int
    width: int
    value_x: int
    value_y: int


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    caption: str
    tone: str
    bars: list[Bar]
    width: int
    height: int
    bar_height: int

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(
    title: str, values: list[tuple[str, int]], *, caption: str = "", tone: str = ""
) -> BarChart:
    """The chart of ``values`` ((label, count) pairs, drawn in the given order)."""
    largest = max((value for _, value in values), default=0)
    room = WIDTH - VALUE_ROOM
    bars: list[Bar] = []
    y = 0
    for label, value in values:
        value = max(int(value), 0)
        # A zero still shows a hairline, so "none" reads as a count and not as a missing bar.
        width = max(round(room * value / largest), 1) if largest else 1
        bar_y = y + LABEL_HEIGHT
        bars.append(
            Bar(
                label=str(label),
                short_label=_shorten(str(label)),
                value=value,
                label_y=y + LABEL_HEIGHT - 4,
                bar_y=bar_y,
                width=width,
                value_x=width + 6,
                value_y=bar_y + BAR_HEIGHT - 3,
            )
        )
        y = bar_y + BAR_HEIGHT + GAP
    return BarChart(
        id=f"chart-{uuid.uuid4().hex[:10]}",
        title=str(title),
        caption=str(caption),
        tone=tone,
        bars=bars,
        width=WIDTH,
        height=max(y - GAP, 1),
        bar_height=BAR_HEIGHT,
    )
