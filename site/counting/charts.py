"""Geometry for the dashboard's charts, drawn as plain SVG by the server.

No chart library and nothing from another host: the template turns these
numbers into <rect> and <text> elements. A value shown as "<5" gets no bar,
so a chart never reveals what its table hides.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    shown: int | str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    maximum: int


def bar_chart(rows: list[tuple[str, int | str]], width: int = 640, bar_height: int = 22) -> Chart:
    """Horizontal bars, one per row, labelled on the left."""
    label_width, gap = 240, 6
    numbers = [n for _, n in rows if isinstance(n, int)]
    maximum = max(numbers, default=0)
    room = width - label_width - 60
    bars = []
    for i, (label, shown) in enumerate(rows):
        length = room * shown / maximum if isinstance(shown, int) and maximum else 0
        bars.append(Bar(label, shown, label_width, i * (bar_height + gap), length, bar_height))
    return Chart(width, max(len(rows) * (bar_height + gap), bar_height), bars, maximum)


def day_chart(days: list[tuple[str, int]], width: int = 720, height: int = 160) -> Chart:
    """One column per day, for visits per day over a year or a chosen period."""
    maximum = max((n for _, n in days), default=0)
    step = width / max(len(days), 1)
    bars = []
    for i, (day, n) in enumerate(days):
        tall = (height - 20) * n / maximum if maximum else 0
        bars.append(Bar(day, n, i * step, height - 20 - tall, max(step - 0.5, 0.5), tall))
    return Chart(width, height, bars, maximum)
