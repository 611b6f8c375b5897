"""Geometry for the dashboard's charts, drawn as plain SVG by the server.

No chart library and nothing from another host. The SVGs scale with the page
(a viewBox, no fixed width); every chart sits next to the table that gives its
numbers, which is its text equivalent. A hidden number gets an outlined bar
of no particular length, so a chart never reveals what its table hides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

HIDDEN_LENGTH = 0.04  # the outline drawn for a hidden number, as a fraction of the widest bar


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    title: str


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class DayChart:
    width: int
    height: int
    left: int  # room for the y-axis labels
    bottom: int  # the x-axis's y
    bars: list[Bar]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    maximum: int


def bar_lengths(values: list[object]) -> list[float | None]:
    """Each number as a fraction of the largest shown one; None for a hidden or missing number."""
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    largest = max(numbers, default=0)
    return [
        (v / largest if largest else 0.0) if isinstance(v, (int, float)) and not isinstance(v, bool) else None
        for v in values
    ]


def nice_maximum(n: int) -> int:
    """The axis's top: n rounded up to 1, 2 or 5 times a power of ten."""
    if n <= 0:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= n:
                return step * factor
        step *= 10


def day_chart(
    days: list[tuple[date, int]],
    month_label: Callable[[date], str],
    number_label: Callable[[int], str],
    width: int = 400,
    height: int = 180,
) -> DayChart:
    """One column per day, a y-axis with three ticks and an x-axis tick at each month's first day."""
    left, top, bottom = 34, 8, height - 22
    top_value = nice_maximum(max((n for _, n in days), default=0))
    room = bottom - top
    step = (width - left) / max(len(days), 1)
    bars = []
    x_ticks = []
    for i, (day, n) in enumerate(days):
        tall = room * n / top_value
        x = left + i * step
        bars.append(
            Bar(x, bottom - tall, max(step * 0.85, 0.4), tall, f"{day.isoformat()}: {number_label(n)}")
        )
        if day.day == 1 or i == 0:
            x_ticks.append(Tick(x, month_label(day)))
    if len(x_ticks) > 6:  # a whole year: every other month, so the labels do not collide on a phone
        x_ticks = x_ticks[::2]
    y_ticks = [
        Tick(bottom - room * n / top_value, number_label(n)) for n in sorted({0, top_value // 2, top_value})
    ]
    return DayChart(width, height, left, bottom, bars, x_ticks, y_ticks, top_value)
