"""One year's counts per month, quarter and year, with the cells to hide already chosen.

Every published table about what people asked about or answered (advice
topics, the voluntary questions, the cross-tables) is read from here, for
every period and every output (dashboard, CSV, command line), so they all hide
the same cells. They are shown per quarter and per year only: a month has too
many small numbers. Traffic (visits, page views, advice requests, module
views) counts pages, says nothing about a person and is not protected.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from hulpwijzer import metrics
from hulpwijzer.recording.store import Store
from hulpwijzer.reporting import outcomes
from hulpwijzer.reporting.disclosure import Cell, Line, protect
from hulpwijzer.reporting.periods import Period, month_key, periods_of_year

UNKNOWN = "unknown"
REQUESTS = "requests"
# The questions as site/metrics.py declares them, in the order the report shows them.
# One answer per person: with "unknown" (not answered) they add up to the advice requests.
SINGLE_ANSWER = tuple(q.name for q in metrics.SURVEY if not q.several)
# Several answers per person: no "unknown", no total.
MULTIPLE_ANSWER = tuple(q.name for q in metrics.SURVEY if q.several)
# Cross-table -> the answer table that is its margin.
CROSSED = {f"topic_{q.name}": q.name for q in metrics.SURVEY if q.crossed}
# Counted before there were several courses: module items were bare numbers, returning visits "course".
LEGACY_ITEMS = {"module.view": str.isdigit, "module.done": str.isdigit, "course.returning": "course".__eq__}


def current_item(metric: str, item: str, original_course: str | None) -> str:
    """An item as counted now: a count from before courses carried their id is the original course's."""
    is_legacy = LEGACY_ITEMS.get(metric)
    if original_course is None or is_legacy is None or not is_legacy(item):
        return item
    return original_course if metric == "course.returning" else f"{original_course}-{item}"


def module_item(item: str) -> tuple[str, int] | None:
    """("naasten", 3) from a module count's item "naasten-3"."""
    course, _, number = item.rpartition("-")
    return (course, int(number)) if course and number.isdigit() else None


@dataclass
class Cube:
    year: int
    values: dict[Cell, int] = field(default_factory=dict)
    hidden: set[Cell] = field(default_factory=set)
    rows: dict[str, list[str]] = field(default_factory=dict)  # table -> row ids, in order
    columns: dict[str, list[str]] = field(default_factory=dict)  # cross-table -> column ids
    traffic: Counter = field(default_factory=Counter)  # (metric, item, month) -> n; not protected
    daily_visits: Counter = field(default_factory=Counter)  # (date, section) -> n
    outcomes: list[outcomes.Measure] = field(default_factory=list)  # the courses' self-ratings

    def get(self, table: str, row: str, period: Period, column: str = "") -> int | None:
        """The number to show (a quarter or the year), or None when it is hidden."""
        cell = (table, row, column, period.key)
        return None if cell in self.hidden else self.values.get(cell, 0)

    def traffic_total(self, metric: str, period: Period, item: str | None = None) -> int:
        return sum(
            n
            for (m, i, month), n in self.traffic.items()
            if m == metric and month in period.months and (item is None or i == item)
        )


def read_months(store: Store, year: int, original_course: str | None) -> tuple[Counter, Counter]:
    """{(metric, item, month): n} and {(day, section): visits} for one year."""
    monthly: Counter = Counter()
    daily: Counter = Counter()
    for when, metric, item, n in store.rows(f"{year}-01", f"{year}-12-31"):
        if not when.startswith(f"{year}-"):
            continue
        monthly[(metric, current_item(metric, item, original_course), int(when[5:7]))] += n
        if metric == "visit" and len(when) == 10:
            daily[(date.fromisoformat(when), item)] += n
    return monthly, daily


def build_cube(
    store: Store,
    year: int,
    topics: list[str],
    answers: dict[str, list[str]],
    original_course: str | None = None,
    measures: list[outcomes.Measure] | None = None,
) -> Cube:
    """Read, lay out and protect one year. topics and answers name the rows, in order."""
    monthly, daily = read_months(store, year, original_course)
    cube = Cube(year, traffic=monthly, daily_visits=daily, outcomes=list(measures or []))
    seen_topics = {item for (m, item, _) in monthly if m == "advice.topic"}
    cube.rows["topic"] = [*topics, *sorted(seen_topics - set(topics))]
    cube.rows[REQUESTS] = ["all"]
    for name in (*SINGLE_ANSWER, *MULTIPLE_ANSWER):
        cube.rows[name] = [*answers[name], *([UNKNOWN] if name in SINGLE_ANSWER else [])]
    for cross, margin in CROSSED.items():
        cube.rows[cross] = cube.rows["topic"]
        cube.columns[cross] = [*answers[margin], UNKNOWN]
    for month in range(1, 13):
        fill_month(cube, monthly, month)
    outcomes.fill(cube.values, monthly, year, cube.outcomes)
    lines = add_sums(cube)
    never_shown = {cell for cell in cube.values if cell[0] in CROSSED and cell[2] == UNKNOWN}
    requests = {cell for cell in cube.values if cell[0] == REQUESTS}
    cube.hidden = protect(cube.values, lines, never_shown, requests)
    return cube


def fill_month(cube: Cube, monthly: Counter, month: int) -> None:
    key = month_key(cube.year, month)
    values = cube.values

    def count(metric: str, item: str) -> int:
        return monthly.get((metric, item, month), 0)

    requests = sum(n for (m, _, mo), n in monthly.items() if m == "advice.reached" and mo == month)
    values[(REQUESTS, "all", "", key)] = requests
    topic_counts = {t: count("advice.topic", t) for t in cube.rows["topic"]}
    for topic, n in topic_counts.items():
        values[("topic", topic, "", key)] = n
    for name in (*SINGLE_ANSWER, *MULTIPLE_ANSWER):
        known = {a: count(f"survey.{name}", a) for a in cube.rows[name] if a != UNKNOWN}
        for answer, n in known.items():
            values[(name, answer, "", key)] = n
        if name in SINGLE_ANSWER:
            values[(name, UNKNOWN, "", key)] = max(requests - sum(known.values()), 0)
    for cross in CROSSED:
        for topic in cube.rows[cross]:
            answered = 0
            for answer in cube.columns[cross][:-1]:
                n = count(f"survey.{cross}", f"{topic}|{answer}")
                values[(cross, topic, answer, key)] = n
                answered += n
            values[(cross, topic, UNKNOWN, key)] = max(topic_counts[topic] - answered, 0)


def add_sums(cube: Cube) -> list[Line]:
    """Quarters as sums of months, the year as the sum of its quarters; every period's margins.

    The month cells are only the building blocks: they are dropped, never shown.
    """
    values, year = cube.values, cube.year
    month_cells = list(values)
    lines: list[Line] = []
    quarters = [p for p in periods_of_year(year) if p.kind == "quarter"]
    for table, row, column in sorted({(t, r, c) for t, r, c, _ in month_cells}):
        months = {m: (table, row, column, month_key(year, m)) for m in range(1, 13)}
        quarter_cells = []
        for quarter in quarters:
            cell = (table, row, column, quarter.key)
            values[cell] = sum(values[months[m]] for m in quarter.months)
            quarter_cells.append(cell)
        year_cell = (table, row, column, str(year))
        values[year_cell] = sum(values[c] for c in quarter_cells)
        lines.append(Line(year_cell, tuple(quarter_cells)))
    for cell in month_cells:
        del values[cell]
    for period in protected_periods(year):
        lines += margins(cube, period.key)
        lines += outcomes.lines(cube.outcomes, period.key)
    return lines


def margins(cube: Cube, key: str) -> list[Line]:
    def cell(table: str, row: str, column: str = "") -> Cell:
        return (table, row, column, key)

    requests = cell(REQUESTS, "all")
    lines = [Line(requests, tuple(cell("topic", t) for t in cube.rows["topic"]))]
    lines += [Line(requests, tuple(cell(name, a) for a in cube.rows[name])) for name in SINGLE_ANSWER]
    for cross, margin in CROSSED.items():
        topics, columns = cube.rows[cross], cube.columns[cross]
        lines += [Line(cell("topic", t), tuple(cell(cross, t, c) for c in columns)) for t in topics]
        lines += [Line(cell(margin, c), tuple(cell(cross, t, c) for t in topics)) for c in columns]
    return lines


def protected_periods(year: int) -> list[Period]:
    """The periods the protected tables are shown for: the year and its quarters."""
    return [p for p in periods_of_year(year) if p.kind != "month"]
