"""The annual report's figures for a period, read from the counts.

One list of figures feeds the dashboard, its CSV download and the command
line, so they always agree. Answer tables and cross-tables show 1 to 4 as "<5".
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from hulpwijzer.config import PROGRAMMES
from hulpwijzer.counting.store import Store
from hulpwijzer.events import SURVEY_CROSSED, SURVEY_QUESTIONS

SMALL = "<5"
ANSWER_METRICS = tuple(f"survey.{question}" for question in SURVEY_QUESTIONS)
CROSS_METRICS = tuple(f"survey.topic_{question}" for question in SURVEY_CROSSED)
SUPPRESSED_METRICS = {*ANSWER_METRICS, *CROSS_METRICS}
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def parse(cls, year: str | None, first: str | None, last: str | None, today: date) -> Period:
        """From ?year=2026 or ?from=2026-01-01&to=2026-03-31; raises ValueError when unreadable."""
        if first or last:
            period = cls(date.fromisoformat(first or ""), date.fromisoformat(last or ""))
            if period.last < period.first:
                raise ValueError("the period ends before it starts")
            if (period.last - period.first).days > MAX_DAYS:
                raise ValueError("the period is too long")
            return period
        chosen = int(year) if year else today.year
        if not 2000 <= chosen <= 2999:
            raise ValueError("no such year")
        return cls.year(chosen)

    def days(self) -> list[str]:
        count = (self.last - self.first).days + 1
        return [(self.first + timedelta(days=i)).isoformat() for i in range(count)]

    def label(self) -> str:
        if self.first.month == 1 and self.first.day == 1 and self.last == date(self.first.year, 12, 31):
            return str(self.first.year)
        return f"{self.first.isoformat()} – {self.last.isoformat()}"


def shown(metric: str, n: int) -> int | str:
    return SMALL if metric in SUPPRESSED_METRICS and 1 <= n <= 4 else n


@dataclass
class Report:
    period: Period
    totals: Counter = field(default_factory=Counter)  # (metric, item) -> n
    visits_per_day: Counter = field(default_factory=Counter)  # (day, section) -> n

    def total(self, metric: str) -> int:
        return sum(n for (m, _), n in self.totals.items() if m == metric)

    def table(self, metric: str) -> list[tuple[str, int | str]]:
        """(item, shown value), largest first."""
        rows = sorted(((item, n) for (m, item), n in self.totals.items() if m == metric), key=lambda r: -r[1])
        return [(item, shown(metric, n)) for item, n in rows]

    def cross(self, metric: str) -> tuple[list[str], list[str], dict[tuple[str, str], int | str]]:
        """(topics, answers, {(topic, answer): shown value}) for a topic × answer table."""
        cells: dict[tuple[str, str], int] = defaultdict(int)
        for (m, item), n in self.totals.items():
            if m == metric and "|" in item:
                topic, answer = item.split("|", 1)
                cells[(topic, answer)] += n
        topics = sorted({t for t, _ in cells})
        answers = sorted({a for _, a in cells})
        return topics, answers, {key: shown(metric, n) for key, n in cells.items()}

    def daily_visits(self, section: str | None = None) -> list[tuple[str, int]]:
        """Visits per day of the period, of one section (site, advice, course) or of all."""
        sections = [section] if section else ["site", *PROGRAMMES]
        return [(day, sum(self.visits_per_day[(day, s)] for s in sections)) for day in self.period.days()]

    def average_per_day(self, section: str) -> float:
        days = self.daily_visits(section)
        return round(sum(n for _, n in days) / len(days), 1) if days else 0.0

    def figures(self) -> list[tuple[str, str, int | float | str]]:
        """Every figure as (figure, item, value): the export's rows."""
        rows: list[tuple[str, str, int | float | str]] = [
            ("period", self.period.label(), ""),
            ("advice requests", "", self.total("advice.reached")),
            ("advice starts", "", self.total("advice.start")),
        ]
        rows += [("advice topic", item, n) for item, n in self.table("advice.topic")]
        for metric in ANSWER_METRICS:
            rows += [(metric.replace("survey.", "answer: "), item, n) for item, n in self.table(metric)]
        for metric in CROSS_METRICS:
            topics, answers, cells = self.cross(metric)
            name = "topic x age band" if metric.endswith("age") else "topic x gender"
            rows += [(name, f"{t}|{a}", cells[(t, a)]) for t in topics for a in answers if (t, a) in cells]
        rows += [
            ("course visits", "", self.total_visits("course")),
            ("course visits, average per day", "", self.average_per_day("course")),
            ("returning visitors (visits resumed with a progress code)", "", self.total("course.returning")),
        ]
        rows += [("module views", item, n) for item, n in self.table("module.view")]
        rows += [("module completions", item, n) for item, n in self.table("module.done")]
        rows += [("visits", section, n) for section, n in self.table("visit")]
        rows += [("visits per day", day, n) for day, n in self.daily_visits()]
        rows += [("course visits per day", day, n) for day, n in self.daily_visits("course")]
        rows += [("page views", item, n) for item, n in self.table("page")]
        rows += [("not counted", item, n) for item, n in self.table("rejected")]
        return rows

    def total_visits(self, section: str) -> int:
        return self.totals[("visit", section)]


# Counted before there were several courses: module items were bare numbers, returning visits "course".
LEGACY_ITEMS = {"module.view": str.isdigit, "module.done": str.isdigit, "course.returning": "course".__eq__}


def current_item(metric: str, item: str, original_course: str | None) -> str:
    """An item as counted now: a count from before courses carried their id belongs to the original course."""
    is_legacy = LEGACY_ITEMS.get(metric)
    if original_course is None or is_legacy is None or not is_legacy(item):
        return item
    return original_course if metric == "course.returning" else f"{original_course}-{item}"


def build_report(store: Store, period: Period, original_course: str | None = None) -> Report:
    """The figures; counts from before courses carried their id are read as the original course's."""
    report = Report(period)
    first, last = period.first.isoformat(), period.last.isoformat()
    for when, metric, item, n in store.rows(first[:7], last):
        if len(when) == 7:  # a month: the voluntary answers
            if not first[:7] <= when <= last[:7]:
                continue
        elif not first <= when <= last:
            continue
        report.totals[(metric, current_item(metric, item, original_course))] += n
        if metric == "visit":
            report.visits_per_day[(when, item)] += n
    return report


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["figure", "item", "value"])
    writer.writerows(report.figures())
    return out.getvalue()


def to_json(report: Report) -> str:
    figures = [{"figure": f, "item": i, "value": v} for f, i, v in report.figures()[1:]]
    period = {"from": report.period.first.isoformat(), "to": report.period.last.isoformat()}
    return json.dumps({"period": period, "figures": figures}, ensure_ascii=False, indent=2)
