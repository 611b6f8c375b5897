"""One year's counts per month, quarter and year, with what to publish already chosen.

Every published table about what people asked about or answered (advice
topics, the voluntary questions, the cross-tables) is read from here, for
every period and every output (dashboard, CSV, command line), so they all hide
and round the same cells. They are shown per quarter and per year only (a
month has too many small numbers), and only once the period has ended: a
running period would change under the eyes of someone who adds answers of
their own and watches. Each quarter is protected when it ends, on its own; the
year, when it ends, with its quarters' choices kept as they were published.
Traffic (visits, page views, advice requests, module views) counts pages,
says nothing about a person and is not protected.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from hulpwijzer import metrics
from hulpwijzer.recording.store import Store
from hulpwijzer.reporting.disclosure import Cell, Line, protect, published
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
QUESTIONS = {q.name: q for q in metrics.SURVEY}
# Days after a period's last day before its protected tables are published: counts of the last
# evening that are still on their way to the store (a worker's last batch) are in by then, so a
# published period never changes.
SETTLING_DAYS = 1
# The counts kept per day too: the key figures compare up to the same day, the chart draws visits per day.
DAILY = (metrics.VISIT.name, metrics.ADVICE_REACHED.name, metrics.COURSE_RETURNING.name)
# Counted before there were several courses: module items were bare numbers, returning visits "course".
LEGACY_ITEMS = {
    metrics.MODULE_VIEW.name: str.isdigit,
    metrics.MODULE_DONE.name: str.isdigit,
    metrics.COURSE_RETURNING.name: "course".__eq__,
}


def current_item(metric: str, item: str, original_course: str | None) -> str:
    """An item as counted now: a count from before courses carried their id is the original course's."""
    is_legacy = LEGACY_ITEMS.get(metric)
    if original_course is None or is_legacy is None or not is_legacy(item):
        return item
    return original_course if metric == metrics.COURSE_RETURNING.name else f"{original_course}-{item}"


def module_item(item: str) -> tuple[str, int] | None:
    """("naasten", 3) from a module count's item "naasten-3"."""
    course, _, number = item.rpartition("-")
    return (course, int(number)) if course and number.isdigit() else None


@dataclass(frozen=True)
class TableSet:
    """More tables to publish from the same year and protect together with the others.

    fill puts one month's cells, (table, row, column, "YYYY-MM") → n, into cube.values (the
    quarters and the year are added up from them); margins gives the sums within one period
    (quarter or year key); exact marks totals published as they are, unpublished cells that are
    in the sums but never shown. The quarters → year sums and the protection follow by themselves.
    """

    fill: Callable[[Cube, Counter, int], None]
    margins: Callable[[Cube, str], list[Line]]
    exact: Callable[[Cell], bool] = lambda cell: False
    unpublished: Callable[[Cell], bool] = lambda cell: False


@dataclass
class Cube:
    year: int
    values: dict[Cell, int] = field(default_factory=dict)  # the true numbers, never shown as they are
    hidden: set[Cell] = field(default_factory=set)
    shown: dict[Cell, int] = field(default_factory=dict)  # what the ended periods publish (rounded)
    ended: set[str] = field(default_factory=set)  # the keys of the periods whose tables are published
    first_day: date | None = None  # the first day of this year with any count
    rows: dict[str, list[str]] = field(default_factory=dict)  # table -> row ids, in order
    columns: dict[str, list[str]] = field(default_factory=dict)  # cross-table -> column ids
    traffic: Counter = field(default_factory=Counter)  # (metric, item, month) -> n; not protected
    daily: Counter = field(default_factory=Counter)  # (metric, item, date) -> n, for counts kept per day

    def get(self, table: str, row: str, period: Period, column: str = "") -> int | None:
        """The number to publish (an ended quarter or year), or None when it is hidden."""
        if period.key not in self.ended:
            raise ValueError(f"{period.key} has not ended: its protected tables are not published")
        return self.shown.get((table, row, column, period.key))

    def has_data(self, period: Period) -> bool:
        """False for a period that ended before counting began (or in a year without counts)."""
        return self.first_day is not None and period.last >= self.first_day

    def traffic_total(
        self, metric: str, period: Period, item: str | None = None, until: date | None = None
    ) -> int:
        """A count over the period, or over its days up to and including `until`."""
        if until is not None and until < period.last:
            return sum(
                n
                for (m, i, day), n in self.daily.items()
                if m == metric and period.first <= day <= until and (item is None or i == item)
            )
        return sum(
            n
            for (m, i, month), n in self.traffic.items()
            if m == metric and month in period.months and (item is None or i == item)
        )

    def visits_per_day(self) -> Counter:
        """{day: every visit that day}."""
        found: Counter = Counter()
        for (metric, _, day), n in self.daily.items():
            if metric == metrics.VISIT.name:
                found[day] += n
        return found


def read_months(store: Store, year: int, original_course: str | None) -> tuple[Counter, Counter, date | None]:
    """{(metric, item, month): n}, {(metric, item, day): n} and the first day with a count, for one year."""
    monthly: Counter = Counter()
    daily: Counter = Counter()
    first = "9999"
    for when, metric, item, n in store.rows(f"{year}-01", f"{year}-12-31"):
        if not when.startswith(f"{year}-"):
            continue
        first = min(first, when[:10] if len(when) == 10 else f"{when}-01")
        item = current_item(metric, item, original_course)
        monthly[(metric, item, int(when[5:7]))] += n
        if len(when) == 10 and metric in DAILY:
            daily[(metric, item, date.fromisoformat(when))] += n
    return monthly, daily, (date.fromisoformat(first) if first != "9999" else None)


def build_cube(
    store: Store,
    year: int,
    topics: list[str],
    answers: dict[str, list[str]],
    original_course: str | None = None,
    today: date | None = None,
    protected: bool = True,
    extra: Iterable[TableSet] = (),
) -> Cube:
    """Read, lay out and protect one year. topics and answers name the rows, in order.

    today decides which periods have ended (None: all of them); protected=False only reads
    the traffic (for comparing with the year before), without working out what to hide.
    extra: more table sets (such as the courses' outcome measures), protected with these.
    """
    monthly, daily, first_day = read_months(store, year, original_course)
    cube = Cube(year, traffic=monthly, daily=daily, first_day=first_day)
    seen_topics = {item for (m, item, _) in monthly if m == metrics.ADVICE_TOPIC.name}
    cube.rows["topic"] = [*topics, *sorted(seen_topics - set(topics))]
    cube.rows[REQUESTS] = ["all"]
    for name in (*SINGLE_ANSWER, *MULTIPLE_ANSWER):
        cube.rows[name] = [*answers[name], *([UNKNOWN] if name in SINGLE_ANSWER else [])]
    for cross, margin in CROSSED.items():
        cube.rows[cross] = cube.rows["topic"]
        cube.columns[cross] = [*answers[margin], UNKNOWN]
    sets = [SURVEY, *extra]
    for month in range(1, 13):
        for table_set in sets:
            table_set.fill(cube, monthly, month)
    year_lines = add_sums(cube)
    if protected:
        protect_ended(cube, year_lines, today, sets)
    return cube


def protect_ended(cube: Cube, year_lines: list[Line], today: date | None, sets: list[TableSet]) -> None:
    """Each ended quarter on its own, then the ended year with the quarters' choices kept."""
    hidden: set[Cell] = set()
    periods = protected_periods(cube.year)
    ended = [p for p in periods if today is None or p.last + timedelta(days=SETTLING_DAYS) < today]
    cube.ended = {p.key for p in ended}

    def options(cells: list[Cell]) -> dict:
        return {
            "exact": {c for c in cells if any(s.exact(c) for s in sets)},
            "unpublished": {c for c in cells if any(s.unpublished(c) for s in sets)},
        }

    def sums(key: str) -> list[Line]:
        return [line for table_set in sets for line in table_set.margins(cube, key)]

    for quarter in (p for p in ended if p.kind == "quarter"):
        cells = [c for c in cube.values if c[3] == quarter.key]
        values = {c: cube.values[c] for c in cells}
        hidden |= protect(values, sums(quarter.key), **options(cells))
    if str(cube.year) in cube.ended:
        cells = list(cube.values)
        quarter_cells = [c for c in cells if c[3] != str(cube.year)]
        lines = [*year_lines, *(line for p in periods for line in sums(p.key))]
        hidden = protect(
            cube.values,
            lines,
            **options(cells),
            fixed_shown={c for c in quarter_cells if c not in hidden},
            fixed_hidden=hidden,
        )
    cube.hidden = hidden
    values = {c: n for c, n in cube.values.items() if c[3] in cube.ended}
    cube.shown = published(values, hidden, options(list(values))["exact"])


def fill_month(cube: Cube, monthly: Counter, month: int) -> None:
    key = month_key(cube.year, month)
    values = cube.values

    def count(metric: str, item: str) -> int:
        return monthly.get((metric, item, month), 0)

    requests = sum(n for (m, _, mo), n in monthly.items() if m == metrics.ADVICE_REACHED.name and mo == month)
    values[(REQUESTS, "all", "", key)] = requests
    topic_counts = {t: count(metrics.ADVICE_TOPIC.name, t) for t in cube.rows["topic"]}
    for topic, n in topic_counts.items():
        values[("topic", topic, "", key)] = n
    for name in (*SINGLE_ANSWER, *MULTIPLE_ANSWER):
        known = {a: count(QUESTIONS[name].metric.name, a) for a in cube.rows[name] if a != UNKNOWN}
        for answer, n in known.items():
            values[(name, answer, "", key)] = n
        if name in SINGLE_ANSWER:
            values[(name, UNKNOWN, "", key)] = max(requests - sum(known.values()), 0)
    for cross, margin in CROSSED.items():
        metric = QUESTIONS[margin].crossed_metric.name
        for topic in cube.rows[cross]:
            answered = 0
            for answer in cube.columns[cross][:-1]:
                n = count(metric, f"{topic}|{answer}")
                values[(cross, topic, answer, key)] = n
                answered += n
            values[(cross, topic, UNKNOWN, key)] = max(topic_counts[topic] - answered, 0)


def add_sums(cube: Cube) -> list[Line]:
    """Quarters as sums of months; returns the lines "the year is the sum of its quarters".

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


SURVEY = TableSet(
    fill_month,
    margins,
    exact=lambda cell: cell[0] == REQUESTS,
    unpublished=lambda cell: cell[0] in CROSSED and cell[2] == UNKNOWN,
)
