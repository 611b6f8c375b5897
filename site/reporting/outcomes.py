"""The course self-ratings a visitor chose to have counted: protected cells, tables and rows.

A rating is counted per month as (course, module, measure, value) (site/metrics.py,
"outcome"). Here they become a TableSet of the protected Cube (cube.py), with one
sum per measure and module (the number who answered = the sum of its values), so
the same disclosure control hides, rounds and publishes them (ended periods only)
as every other table; then tables that put the start (module 1) beside the end
(the last module).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flask_babel import gettext as _

from hulpwijzer import metrics
from hulpwijzer.reporting.cube import Cube, TableSet
from hulpwijzer.reporting.disclosure import Cell, Line
from hulpwijzer.reporting.periods import Period, month_key

TABLE = "outcome"
ANSWERED = "answered"


@dataclass(frozen=True)
class Measure:
    """A course's measure as the report needs it, in the reader's language (labels.py)."""

    course: str
    course_name: str
    id: str
    question: str
    values: tuple[str, ...]
    value_labels: dict[str, str]
    modules: tuple[int, ...]  # the module numbers it is asked in: 1, the last, or both
    better: tuple[str, ...] = ()  # "stopped or went down"


def cell(measure: Measure, value: str, module: int, key: str) -> Cell:
    return (TABLE, f"{measure.course}|{measure.id}|{value}", str(module), key)


def fill(
    values: dict[Cell, int], monthly: Counter, year: int, month: int, measures: Sequence[Measure]
) -> None:
    """One month's cells of every measure, and of the number who answered it in each module."""
    key = month_key(year, month)
    for measure in measures:
        for module in measure.modules:
            answered = 0
            for value in measure.values:
                item = metrics.outcome_item(measure.course, module, measure.id, value)
                n = monthly.get((metrics.OUTCOME.name, item, month), 0)
                values[cell(measure, value, module, key)] = n
                answered += n
            values[cell(measure, ANSWERED, module, key)] = answered


def lines(measures: Sequence[Measure], key: str) -> list[Line]:
    """For one period: the number who answered is the sum of the values."""
    return [
        Line(cell(m, ANSWERED, module, key), tuple(cell(m, v, module, key) for v in m.values))
        for m in measures
        for module in m.modules
    ]


def table_set(measures: Sequence[Measure]) -> TableSet:
    """The measures' cells and sums, for build_cube(extra=...): protected with every other table."""
    chosen = tuple(measures)

    def fill_month(cube: Cube, monthly: Counter, month: int) -> None:
        fill(cube.values, monthly, cube.year, month, chosen)

    return TableSet(fill_month, lambda _cube, key: lines(chosen, key))


def moment_heading(measure: Measure, module: int) -> str:
    if module == 1:
        return _("Start (module 1)")
    return _("End (module %(number)s)", number=module)


@dataclass(frozen=True)
class Kit:
    """report.py's table parts, passed in: report.py builds these tables, so this cannot import it."""

    table: Callable
    column: Callable
    row: Callable
    share: Callable
    hidden: str


def tables(get: Callable[[Cell], int | None], period: Period, measures: Sequence[Measure], kit: Kit) -> list:
    """One table per measure: its values, the start beside the end, the number who answered.

    get(cell) is the number to show, or None when it is hidden.
    """
    table, column, row, share, hidden = kit.table, kit.column, kit.row, kit.share, kit.hidden
    found = []
    for m in measures:
        columns = [column("answer", _("Answer"))]
        for module in m.modules:
            columns += [
                column(f"module-{module}", moment_heading(m, module)),
                column(f"module-{module}-share", _("Share of those who answered"), "share"),
            ]
        note = _(
            "Only visitors who chose to press “Count my answer anonymously” are counted. The start "
            "and the end are not the same group of people, and those who answer choose to: read "
            "these numbers as an indication, not as the effect of the course."
        )
        out = table(f"outcomes-{m.course}-{m.id}", f"{m.course_name}: {m.question}", columns, note=note)
        answered = {module: shown(get(cell(m, ANSWERED, module, period.key)), hidden) for module in m.modules}
        for value in m.values:
            values = []
            for module in m.modules:
                n = shown(get(cell(m, value, module, period.key)), hidden)
                values += [n, share(n, answered[module])]
            out.rows.append(row(value, m.value_labels.get(value, value), values))
        out.rows.append(row(ANSWERED, _("Answered"), [v for mo in m.modules for v in (answered[mo], None)]))
        if m.better:
            better = []
            for module in m.modules:
                parts = [shown(get(cell(m, v, module, period.key)), hidden) for v in m.better]
                total = hidden if hidden in parts else sum(parts)
                better += [total, share(total, answered[module])]
            label = ", ".join(m.value_labels.get(v, v) for v in m.better)
            out.rows.append(row("better", _("Together: %(answers)s", answers=label), better))
        found.append(out)
    return found


def shown(n: int | None, hidden: str) -> int | str:
    return hidden if n is None else n


def published_rows(get, period: Period, measures: Sequence[Measure]) -> list[dict]:
    """The published cells as rows for programs: course, module, question, value, period, count."""
    rows = []
    for m in measures:
        for module in m.modules:
            for value in m.values:
                n = get(cell(m, value, module, period.key))
                if n is not None:
                    rows.append(
                        {
                            "course": m.course,
                            "module": module,
                            "question": m.id,
                            "value": value,
                            "period": period.key,
                            "count": n,
                        }
                    )
    return rows
