"""The periods the figures can be asked for: a whole month, a whole quarter or a whole year.

Nothing in between: a period that cuts through a month (19–25 October) could be
subtracted from a whole one to reveal a small number. Every period lies inside
one calendar year, so one year's figures are protected together (disclosure.py).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

YEARS = range(2000, 3000)
PATTERNS = {
    "year": re.compile(r"^(\d{4})$"),
    "quarter": re.compile(r"^(\d{4})-[Qq]([1-4])$"),
    "month": re.compile(r"^(\d{4})-(\d{2})$"),
}


@dataclass(frozen=True)
class Period:
    kind: str  # "year", "quarter" or "month"
    year: int
    index: int = 0  # the quarter (1–4) or the month (1–12); 0 for a year

    @classmethod
    def parse(cls, text: str) -> Period:
        """From "2026", "2026-Q4" or "2026-11"; ValueError when it is none of these."""
        for kind, pattern in PATTERNS.items():
            match = pattern.match(text.strip())
            if match:
                year = int(match[1])
                index = int(match[2]) if kind != "year" else 0
                if year not in YEARS or (kind == "month" and not 1 <= index <= 12):
                    break
                return cls(kind, year, index)
        raise ValueError(f"not a year, quarter or month: {text!r}")

    @property
    def key(self) -> str:
        if self.kind == "year":
            return str(self.year)
        if self.kind == "quarter":
            return f"{self.year}-Q{self.index}"
        return f"{self.year}-{self.index:02d}"

    @property
    def months(self) -> tuple[int, ...]:
        if self.kind == "year":
            return tuple(range(1, 13))
        if self.kind == "quarter":
            return tuple(range(3 * self.index - 2, 3 * self.index + 1))
        return (self.index,)

    @property
    def first(self) -> date:
        return date(self.year, self.months[0], 1)

    @property
    def last(self) -> date:
        month = self.months[-1]
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def a_year_earlier(self) -> Period:
        return Period(self.kind, self.year - 1, self.index)

    def days_elapsed(self, today: date) -> list[date]:
        """The days of the period that have begun by today (today included)."""
        end = min(self.last, today)
        return [self.first + timedelta(days=i) for i in range((end - self.first).days + 1)]


def month_key(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def periods_of_year(year: int) -> list[Period]:
    """Every period a year's figures can be shown for: the year, its quarters, its months."""
    return [
        Period("year", year),
        *(Period("quarter", year, q) for q in range(1, 5)),
        *(Period("month", year, m) for m in range(1, 13)),
    ]
