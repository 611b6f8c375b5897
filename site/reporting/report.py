"""The annual report's tables for a period, in the reader's language.

One list of tables feeds the dashboard, the CSV files and `flask stats export`,
so they always show the same numbers and hide the same ones. Tables about what
people asked or answered come from a protected Cube (cube.py): per ended
quarter and year, hidden cells as HIDDEN, the others rounded to 5.
Periods before counting began show NO_DATA, not 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

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
from hulpwijzer.reporting.figures import key_figures, monthly_table
from hulpwijzer.reporting.periods import Period
from hulpwijzer.reporting.tables import HIDDEN, Column, Row, Table, Value, share


@dataclass
class Report:
    period: Period
    today: date
    key_figures: Table
    monthly: Table
    protected: list[Table]  # empty for a month or a period that has not ended
    funnels: list[Table]
    traffic: list[Table]
    daily_visits: list[tuple[date, int]]
    days: int
    outcomes: list[Table] = field(default_factory=list)  # the courses' self-ratings; as protected
    outcome_rows: list[dict] = field(default_factory=list)  # their published cells, for programs

    @property
    def protected_state(self) -> str:
        """ "shown", "month" (never shown per month) or "running" (shown once the period has ended)."""
        if self.protected:
            return "shown"
        return "month" if self.period.kind == "month" else "running"

    def tables(self) -> list[Table]:
        return [self.key_figures, self.monthly, *self.protected, *self.funnels, *self.outcomes, *self.traffic]


def shown(n: int | None) -> Value:
    return HIDDEN if n is None else n


CACHE_SIZE = 32
_reports: dict[tuple, Report] = {}


def cached_report(store: Store, period: Period, today: date) -> Report:
    """build_report, remembered for a period whose whole year has ended: its counts no longer change.

    A running year's tables are built anew (its ended quarters' protection is remembered in
    disclosure.py, so that is quick too).
    """
    if period.year >= today.year:
        return build_report(store, period, today)
    key = (id(store), store.description, period.key, labels.language())
    if key not in _reports:
        if len(_reports) >= CACHE_SIZE:
            _reports.pop(next(iter(_reports)))
        _reports[key] = build_report(store, period, today)
    return _reports[key]


def build_report(store: Store, period: Period, today: date) -> Report:
    answers = labels.answer_ids()
    topics = labels.topic_ids()
    original = labels.original_course()
    measures = labels.outcome_measures()
    extra = [outcomes.table_set(measures)]
    cube = build_cube(store, period.year, topics, answers, original, today=today, extra=extra)
    earlier = build_cube(store, period.year - 1, topics, answers, original, protected=False)
    days = period.days_elapsed(today)
    per_day = cube.visits_per_day()
    published = period.kind != "month" and period.key in cube.ended
    return Report(
        period,
        today,
        key_figures(cube, earlier, period, today),
        monthly_table(cube, earlier, period, today),
        protected_tables(cube, period) if published else [],
        funnel_tables(cube, period),
        traffic_tables(cube, period),
        [(day, per_day[day]) for day in days],
        len(days),
        *(outcome_parts(cube, period, measures) if published else ([], [])),
    )


def outcome_parts(
    cube: Cube, period: Period, measures: list[outcomes.Measure]
) -> tuple[list[Table], list[dict]]:
    """The self-rating tables and their published rows (outcomes.py), for an ended quarter or year:
    hidden and rounded as every other protected table."""

    def get(cell: tuple) -> int | None:
        return cube.get(cell[0], cell[1], period, cell[2])

    kit = outcomes.Kit(Table, Column, Row, share, HIDDEN)
    tables = outcomes.tables(get, period, measures, kit)
    legend = protection_note()
    for table in tables:
        table.note = f"{table.note} {legend}"
    return tables, outcomes.published_rows(get, period, measures)


def protected_tables(cube: Cube, period: Period) -> list[Table]:
    topic_names = labels.topic_labels()
    answer_names = labels.answer_labels()
    requests = shown(cube.get(REQUESTS, "all", period))
    share_heading = _("Share of advice requests")
    legend = protection_note()

    def one_way(key: str, title: str, names: dict[str, str], note: str = "") -> Table:
        columns = [
            Column("answer", _("Answer")),
            Column("number", _("Number")),
            Column("share", share_heading, "share"),
        ]
        table = Table(key, title, columns, note=" ".join(filter(None, (note, legend))))
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
        note = _("The people who did not answer are in the topic's total, not in this table.")
        table = Table(cross.replace("_", "-"), title, columns, note=f"{legend} {note}")
        for topic in cube.rows[cross]:
            values = [shown(cube.get(cross, topic, period, a)) for a in answers]
            table.rows.append(Row(topic, topic_names.get(topic, topic), values))
        tables.append(table)
    return tables


def protection_note() -> str:
    return _(
        "%(hidden)s: hidden, a number from 1 to 4 or a number hidden with it so that it cannot be worked "
        "out. The other numbers are rounded to the nearest 5 (0 stays 0), so they may not add up exactly; "
        "the advice requests are exact. Shares are of the rounded numbers.",
        hidden=HIDDEN,
    )


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
        table.note = counted_as_is()
        tables.append(table)
    return tables


def counted_as_is() -> str:
    return _("Counted pages, shown as counted: nothing in this table is hidden or rounded.")


def traffic_tables(cube: Cube, period: Period) -> list[Table]:
    def listing(
        key: str, title: str, metric: str, heading: str, names: dict[str, str] | None, always: tuple = ()
    ) -> Table:
        totals: dict[str, int] = dict.fromkeys(always, 0)
        for (m, item, month), n in cube.traffic.items():
            if m == metric and month in period.months:
                totals[item] = totals.get(item, 0) + n
        table = Table(
            key, title, [Column("item", heading), Column("number", _("Number"))], note=counted_as_is()
        )
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
