"""The report's tables as files: one CSV per table, or all of them as JSON.

A CSV is wide, as the table on the dashboard: the rows and columns the report
shows. Dutch files use ";" between fields and a decimal comma, as Dutch Excel
expects; every file starts with a UTF-8 byte-order mark so that Excel reads
"×" and "ë" correctly. Shares are percentages with one decimal.
"""

from __future__ import annotations

import csv
import io
import json
from zipfile import ZIP_DEFLATED, ZipFile

from babel.numbers import format_decimal

from hulpwijzer.reporting.labels import ARCHIVE_NAMES, file_stem
from hulpwijzer.reporting.report import Report
from hulpwijzer.reporting.tables import HIDDEN, NO_DATA, Column, Table, Value

BOM = "\ufeff"
SEPARATORS = {"nl": ";", "en": ","}


def cell_text(value: Value, column: Column, lang: str) -> str:
    if value is None:
        return ""
    if value == HIDDEN or isinstance(value, str):
        return str(value)
    if column.kind == "share":
        return format_decimal(100 * value, format="0.0", locale=lang)
    if isinstance(value, float):
        return format_decimal(value, format="0.0", locale=lang)
    return str(value)


def headings(table: Table) -> list[str]:
    return [f"{c.heading} (%)" if c.kind == "share" else c.heading for c in table.columns]


def to_csv(table: Table, lang: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=SEPARATORS.get(lang, ","), lineterminator="\r\n")
    writer.writerow(headings(table))
    for row in table.rows:
        cells = zip(row.values, table.columns[1:], strict=True)
        writer.writerow([row.label, *(cell_text(value, column, lang) for value, column in cells)])
    return BOM + out.getvalue()


def file_name(table: Table, report: Report, lang: str) -> str:
    """onderwerpen-2026-Q4.csv in Dutch, topic-2026-Q4.csv in English."""
    return f"{file_stem(table.key, lang)}-{report.period.key}.csv"


def archive_name(report: Report, lang: str) -> str:
    return f"{ARCHIVE_NAMES.get(lang, ARCHIVE_NAMES['en'])}-{report.period.key}.zip"


def to_zip(report: Report, lang: str) -> bytes:
    """Every table's CSV in one zip, for downloading all at once."""
    out = io.BytesIO()
    with ZipFile(out, "w", ZIP_DEFLATED) as archive:
        for table in report.tables():
            archive.writestr(file_name(table, report, lang), to_csv(table, lang).encode("utf-8"))
    return out.getvalue()


def to_json(report: Report, lang: str) -> str:
    """The same tables for programs: numbers as numbers, hidden cells as "×", shares as fractions."""
    tables = [
        {
            "key": t.key,
            "file": file_name(t, report, lang),
            "title": t.title,
            "note": t.note,
            "columns": [{"key": c.key, "heading": c.heading, "kind": c.kind} for c in t.columns],
            "rows": [{"key": r.key, "label": r.label, "values": r.values} for r in t.rows],
        }
        for t in report.tables()
    ]
    period = {
        "key": report.period.key,
        "from": report.period.first.isoformat(),
        "to": report.period.last.isoformat(),
    }
    document = {
        "period": period,
        "hidden": HIDDEN,
        "no_data": NO_DATA,
        "tables": tables,
        "outcomes": report.outcome_rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
