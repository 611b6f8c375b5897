"""A report's tables as plain data: columns, rows and values, with the marks for hidden and no data."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import format_date
from flask_babel import gettext as _

from hulpwijzer.reporting.periods import Period

HIDDEN = "×"
NO_DATA = "–"  # nothing was counted yet: the period lies before counting began
Value = int | float | str | None  # a count, a share (0–1) or average, HIDDEN, NO_DATA, or nothing


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
