"""The annual report's tables for a period, in the reader's language.

One list of tables feeds the dashboard, the CSV files and `flask stats export`,
so they always show the same numbers and hide the same ones. Tables about what
people asked or answered come from a protected Cube (cube.py): per quarter
and per year, with the cells chosen by disclosure.py hidden as HIDDEN.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from hulpwijzer.recording.store import Store
from hulpwijzer.reporting import labels, outcomes
from hulpwijzer.reporting.cube import (
    CROSSED,
    MULTIPLE_ANSWER,
    REQUESTS,
    SINGLE_ANSWER,
    UNKNOWN,
    Cube,
    build_cube,
    module_item,
)
from hulpwijzer.reporting.periods import Period

HIDDEN = "×"
Value = int | float | str | None  # a count, a share (0–1) or average, HIDDEN, or nothing


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    kind: str = "count"  # "count", "share" (a fraction shown as %) or "decimal"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    values: list[Value]


@dataclass
class Table:
    key: str  # also the CSV file's name
    title: str
    columns: list[Column]  # the first names the rows
    rows: list[Row] = field(default_factory=list)
    note: str = ""

    def column(self, key: str) -> list[Value]:
        index = [c.key for c in self.columns[1:]].index(key)
        return [row.values[index] for row in self.rows]


@dataclass
class Report:
    period: Period
    today: date
    key_figures: Table
    monthly: Table
    protected: list[Table]  # empty for a month
    funnels: list[Table]
    traffic: list[Table]
    daily_visits: list[tuple[date, int]]
    days: int
    outcomes: list[Table] = field(default_factory=list)  # the courses' self-ratings; empty for a month
    outcome_rows: list[dict] = field(default_factory=list)  # their published cells, for programs

    def tables(self) -> list[Table]:
        return [self.key_figures, self.monthly, *self.protected, *self.funnels, *self.outcomes, *self.traffic]


def period_label(period: Period) -> str:
    if period.kind == "year":
        return str(period.year)
    if period.kind == "quarter":
        return _("Q%(quarter)s %(year)s", quarter=period.index, year=period.year)
    return format_date(period.first, "MMMM yyyy")


def share(part: Value, whole: Value) -> Value:
    """part / whole, only when both are shown; a hidden part has a hidden share."""
    if part == HIDDEN or whole == HIDDEN:
        return HIDDEN
    if not isinstance(part, int) or not isinstance(whole, int) or whole == 0:
        return None
    return part / whole


def shown(n: int | None) -> Value:
    return HIDDEN if n is None else n


def build_report(store: Store, period: Period, today: date) -> Report:
    answers = labels.answer_ids()
    topics = labels.topic_ids()
    original = labels.original_course()
    measures = labels.outcome_measures()
    cube = build_cube(store, period.year, topics, answers, original, measures)
    earlier = build_cube(store, period.year - 1, topics, answers, original)
    days = period.days_elapsed(today)
    daily = [(day, sum(n for (d, _), n in cube.daily_visits.items() if d == day)) for day in days]
    return Report(
        period,
        today,
        key_figures(cube, earlier, period, len(days)),
        monthly_table(cube, earlier, period, today),
        protected_tables(cube, period) if period.kind != "month" else [],
        funnel_tables(cube, period),
        traffic_tables(cube, period),
        daily,
        len(days),
        *outcome_parts(cube, period),
    )


def outcome_parts(cube: Cube, period: Period) -> tuple[list[Table], list[dict]]:
    """The self-rating tables and their published rows (outcomes.py); none for a month."""
    if period.kind == "month":
        return [], []

    def get(cell: tuple) -> int | None:
        return None if cell in cube.hidden else cube.values.get(cell, 0)

    kit = outcomes.Kit(Table, Column, Row, share, HIDDEN)
    return outcomes.tables(get, period, cube.outcomes, kit), outcomes.published_rows(
        get, period, cube.outcomes
    )


def key_figures(cube: Cube, earlier: Cube, period: Period, days: int) -> Table:
    before = period.a_year_earlier()
    columns = [
        Column("figure", _("Figure")),
        Column(period.key, period_label(period)),
        Column(before.key, period_label(before)),
    ]
    table = Table("key-figures", _("Key figures"), columns)

    def both(metric: str, item: str | None = None) -> list[Value]:
        return [cube.traffic_total(metric, period, item), earlier.traffic_total(metric, before, item)]

    visits = both("visit", "course")
    per_day = [visits[0] / days if days else None, visits[1] / len(before.days_elapsed(before.last))]
    table.rows = [
        Row("advice-requests", _("Advice requests (advice pages shown)"), both("advice.reached")),
        Row("course-visits", _("Visits to the courses"), visits),
        Row("course-visits-per-day", _("Course visits, average per day"), per_day),
    ]
    for course in labels.courses():
        title = _("Returning visits: %(course)s", course=course.name)
        table.rows.append(Row(f"returning-visits-{course.key}", title, both("course.returning", course.key)))
    table.note = _(
        "The average per day divides by the days of the period that have begun (%(days)s), not by days "
        "still to come.",
        days=days,
    )
    return table


def monthly_table(cube: Cube, earlier: Cube, period: Period, today: date) -> Table:
    year, before = cube.year, cube.year - 1
    columns = [
        Column("month", _("Month")),
        Column(f"advice-requests-{year}", _("Advice requests %(year)s", year=year)),
        Column(f"advice-requests-{before}", _("Advice requests %(year)s", year=before)),
        Column(f"course-visits-{year}", _("Course visits %(year)s", year=year)),
        Column(f"course-visits-{before}", _("Course visits %(year)s", year=before)),
        Column(f"returning-visits-{year}", _("Returning visits %(year)s", year=year)),
    ]
    table = Table("months", _("Per month"), columns)
    for month in range(1, 13):
        this, last = Period("month", year, month), Period("month", before, month)
        if this.first > today:
            break
        table.rows.append(
            Row(
                this.key,
                format_date(this.first, "MMMM"),
                [
                    cube.traffic_total("advice.reached", this),
                    earlier.traffic_total("advice.reached", last),
                    cube.traffic_total("visit", this, "course"),
                    earlier.traffic_total("visit", last, "course"),
                    cube.traffic_total("course.returning", this),
                ],
            )
        )
    return table


def protected_tables(cube: Cube, period: Period) -> list[Table]:
    topic_names = labels.topic_labels()
    answer_names = labels.answer_labels()
    requests = shown(cube.get(REQUESTS, "all", period))
    share_heading = _("Share of advice requests")

    def one_way(key: str, title: str, names: dict[str, str], note: str = "") -> Table:
        columns = [
            Column("answer", _("Answer")),
            Column("number", _("Number")),
            Column("share", share_heading, "share"),
        ]
        table = Table(key, title, columns, note=note)
        for row in cube.rows[key]:
            n = shown(cube.get(key, row, period))
            label = _("Not answered or unknown") if row == UNKNOWN else names.get(row, row)
            table.rows.append(Row(row, label, [n, share(n, requests)]))
        if key in SINGLE_ANSWER:
            unknown = shown(cube.get(key, UNKNOWN, period))
            answered = requests - unknown if HIDDEN not in (requests, unknown) else HIDDEN
            table.rows.append(
                Row("answered", _("Answered this question"), [answered, share(answered, requests)])
            )
        table.rows.append(Row("advice-requests", _("Advice requests"), [requests, None]))
        return table

    tables = [one_way("topic", _("Topics"), topic_names)]
    tables[0].columns[0] = Column("topic", _("Topic"))
    for name in (*SINGLE_ANSWER, *MULTIPLE_ANSWER):
        note = _("Several answers per person are possible.") if name in MULTIPLE_ANSWER else ""
        tables.append(one_way(name, _(labels.QUESTION_TITLES[name]), answer_names[name], note))
    for cross, margin in CROSSED.items():
        answers = cube.columns[cross][:-1]
        columns = [Column("topic", _("Topic"))] + [Column(a, answer_names[margin].get(a, a)) for a in answers]
        title = _("Topic × age band") if margin == "age" else _("Topic × gender")
        table = Table(cross.replace("_", "-"), title, columns)
        for topic in cube.rows[cross]:
            values = [shown(cube.get(cross, topic, period, a)) for a in answers]
            table.rows.append(Row(topic, topic_names.get(topic, topic), values))
        tables.append(table)
    return tables


def funnel_tables(cube: Cube, period: Period) -> list[Table]:
    """Per course, modules 1 → N: how many views each had, compared to the first, and completions."""
    counts: dict[tuple[str, str, int], int] = {}
    for (metric, item, month), n in cube.traffic.items():
        found = module_item(item) if metric in ("module.view", "module.done") else None
        if found and month in period.months:
            key = (metric, *found)
            counts[key] = counts.get(key, 0) + n
    tables = []
    for course in labels.courses():
        columns = [
            Column("module", _("Module")),
            Column("views", _("Views")),
            Column("compared-to-first", _("Compared to module 1"), "share"),
            Column("completed", _("Marked done")),
        ]
        table = Table(
            f"modules-{course.key}",
            _("%(course)s: modules 1 → %(last)s", course=course.name, last=len(course.modules)),
            columns,
        )
        first = counts.get(("module.view", course.key, 1), 0)
        for number, title in course.modules:
            views = counts.get(("module.view", course.key, number), 0)
            done = counts.get(("module.done", course.key, number), 0)
            label = _("Module %(number)s: %(title)s", number=number, title=title)
            table.rows.append(Row(str(number), label, [views, share(views, first), done]))
        tables.append(table)
    return tables


def traffic_tables(cube: Cube, period: Period) -> list[Table]:
    def listing(
        key: str, title: str, metric: str, heading: str, names: dict[str, str] | None, always: tuple = ()
    ) -> Table:
        totals: dict[str, int] = dict.fromkeys(always, 0)
        for (m, item, month), n in cube.traffic.items():
            if m == metric and month in period.months:
                totals[item] = totals.get(item, 0) + n
        table = Table(key, title, [Column("item", heading), Column("number", _("Number"))])
        for item, n in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])):
            label = names.get(item, item) if names is not None else item
            table.rows.append(Row(item, label, [n]))
        return table

    names = labels.campaign_names()
    return [
        listing("campaigns", _("Campaign visits"), "campaign", _("Campaign"), names, tuple(names)),
        listing(
            "visits",
            _("Visits, by where they started"),
            "visit",
            _("Where the visit started"),
            labels.section_names(),
        ),
        listing("page-views", _("Page views"), "page", _("Page"), None),
        listing("not-counted", _("Not counted"), "rejected", _("Reason"), labels.reason_names()),
    ]
