"""The Dutch calendar the counts are filed by: a day, or a month for the voluntary questions."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Europe/Amsterdam")


def local_date() -> date:
    """Today in the Netherlands: the day the counts are filed under."""
    return datetime.now(TZ).date()


def today() -> str:
    return local_date().isoformat()


def this_month() -> str:
    return today()[:7]
