"""The traffic figures at the top of the report: key figures beside a year earlier, and per month.

Like with like: a running period is compared with the same days a year earlier, and a period
before counting began shows NO_DATA, not 0.
"""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from hulpwijzer.reporting import labels
from hulpwijzer.reporting.cube import Cube
from hulpwijzer.reporting.periods import Period
from hulpwijzer.reporting.tables import NO_DATA, Column, Row, Table, Value, period_label


def same_day_a_year_earlier(day: date) -> date:
    """29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def short_date(day: date) -> str:
    return format_date(day, "d MMM")


def key_figures(cube: Cube, earlier: Cube, period: Period, today: date) -> Table:
    """This period beside the same days a year earlier, and (while it runs) that whole period.

    Like with like: a running year up to today is compared with last year up to the same day.
    """
    before = period.a_year_earlier()
    running = period.first <= today < period.last
    spans = []  # (column, cube, period, last day counted or None for the whole period)
    if running:
        same_day = same_day_a_year_earlier(today)
        spans.append(
            (
                Column(
                    period.key,
                    _("%(period)s, up to %(day)s", period=period_label(period), day=short_date(today)),
                ),
                cube,
                period,
                today,
            )
        )
        spans.append(
            (
                Column(
                    f"{before.key}-to-date",
                    _("%(period)s, up to %(day)s", period=period_label(before), day=short_date(same_day)),
                ),
                earlier,
                before,
                same_day,
            )
        )
        spans.append(
            (
                Column(before.key, _("%(period)s, the whole period", period=period_label(before))),
                earlier,
                before,
                None,
            )
        )
    else:
        spans.append((Column(period.key, period_label(period)), cube, period, None))
        spans.append((Column(before.key, period_label(before)), earlier, before, None))
    table = Table("key-figures", _("Key figures"), [Column("figure", _("Figure")), *(s[0] for s in spans)])

    def counted(of: Cube, span: Period, until: date | None) -> bool:
        last = until or span.last
        return of.first_day is not None and of.first_day <= last and span.first <= today

    def values(metric: str, item: str | None = None) -> list[Value]:
        return [
            of.traffic_total(metric, span, item, until) if counted(of, span, until) else NO_DATA
            for _c, of, span, until in spans
        ]

    def per_day(visits: list[Value]) -> list[Value]:
        found = []
        for value, (_c, _of, span, until) in zip(visits, spans, strict=True):
            days = len(span.days_elapsed(until or span.last))
            found.append(
                value / days if isinstance(value, int) and days else (value if value == NO_DATA else None)
            )
        return found

    visits = values("visit", "course")
    table.rows = [
        Row("advice-requests", _("Advice requests (advice pages shown)"), values("advice.reached")),
        Row("course-visits", _("Visits to the courses"), visits),
        Row("course-visits-per-day", _("Course visits, average per day"), per_day(visits)),
    ]
    for course in labels.courses():
        title = _("Returning visits: %(course)s", course=course.name)
        table.rows.append(
            Row(f"returning-visits-{course.key}", title, values("course.returning", course.key))
        )
    days = len(period.days_elapsed(today))
    table.note = _(
        "The average per day divides by the days of the period that have begun (%(days)s), not by days "
        "still to come.",
        days=days,
    )
    if running:
        table.note += " " + _(
            "While the period runs, it is compared with the same days a year earlier; the last column "
            "gives that whole period."
        )
    table.note += " " + _("%(none)s: nothing was counted yet (before counting began).", none=NO_DATA)
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

    def total(of: Cube, month: Period, metric: str, item: str | None = None) -> Value:
        return of.traffic_total(metric, month, item) if of.has_data(month) else NO_DATA

    for month in range(1, 13):
        this, last = Period("month", year, month), Period("month", before, month)
        if this.first > today:
            break
        table.rows.append(
            Row(
                this.key,
                format_date(this.first, "MMMM"),
                [
                    total(cube, this, "advice.reached"),
                    total(earlier, last, "advice.reached"),
                    total(cube, this, "visit", "course"),
                    total(earlier, last, "visit", "course"),
                    total(cube, this, "course.returning"),
                ],
            )
        )
    table.note = _("%(none)s: nothing was counted yet (before counting began).", none=NO_DATA)
    return table
