"""Reading back what the counters wrote, for the tests."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def totals(app) -> Counter:
    """{(metric, item): n} summed over every period, after writing what is pending."""
    tally = app.extensions["hulpwijzer.recording.tally"]
    assert tally.flush(), "the counts could not be written"
    found: Counter = Counter()
    for _period, metric, item, n in tally.store.rows("0000", "9999"):
        found[(metric, item)] += n
    return found


def sqlite_rows(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return list(connection.execute("SELECT period, metric, item, n FROM counts"))
