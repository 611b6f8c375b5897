"""Counting real page loads, anonymously, as totals per day.

After each response a hook decides whether it was a real page load (a GET
answered with an HTML page, not a prefetch, not a bot); if so, it adds one to
the page's total, one visit if the visitor came from outside the site, and the
programme events the page sent (site/events.py). Otherwise it adds one to the
total of the reason it was left out, so the filter can be inspected.
Nothing about the visitor is kept: not the address, not the browser, not the
query string. The hook never raises into the page.
"""

from __future__ import annotations

import logging
import os
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from crawlerdetect import CrawlerDetect
from flask import Flask, Response, current_app, g, has_request_context, request
from werkzeug.routing import PathConverter

from hulpwijzer import events
from hulpwijzer.countstore import open_store
from hulpwijzer.tally import Tally

log = logging.getLogger("hulpwijzer.counting")

# Headers browsers send when they load a page the visitor may never see.
PREFETCH_HEADERS = ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")
# Requests that are not pages of the site: neither counted nor rejected.
NOT_PAGES = {"static"}
NOT_PAGE_BLUEPRINTS = {"dashboard"}
PROGRAMME_BLUEPRINTS = {"advice", "course"}
ITEM = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
TZ = ZoneInfo("Europe/Amsterdam")


def today() -> str:
    return datetime.now(TZ).date().isoformat()


def this_month() -> str:
    return today()[:7]


def rejection(req, response: Response) -> str | None:
    """Why this response is not a real page load, or None if it is one."""
    if req.method == "HEAD":
        return "head"
    if req.method != "GET":
        return "method"
    if any(req.headers.get(name) for name in PREFETCH_HEADERS):
        return "prefetch"
    agent = req.headers.get("User-Agent", "").strip()
    if not agent:
        return "no-user-agent"
    # A fresh detector per request: its cache would otherwise keep user agents in memory.
    if CrawlerDetect(user_agent=agent).is_crawler():
        return "bot"
    if response.mimetype != "text/html":
        return "not-html"
    if response.status_code != 200:
        return "status"
    return None


def page_key() -> str:
    """The page as route and language: the path, never the query string.

    A route that takes a whole path (which could carry a visitor's answers)
    is counted by its pattern instead.
    """
    rule = request.url_rule
    converters = getattr(rule, "_converters", {})
    if any(isinstance(c, PathConverter) for c in converters.values()):
        return f"{g.get('lang', '')}:{rule.rule}"
    return request.path[:200]


def is_entry() -> bool:
    """A visit starts with a page that was not opened from a page of this site."""
    return request.headers.get("Sec-Fetch-Site") != "same-origin"


def count_response(response: Response) -> Response:
    try:
        count_page_load(response)
    except Exception:
        if not current_app.extensions.get("hulpwijzer.counting.broken"):
            current_app.extensions["hulpwijzer.counting.broken"] = True
            log.exception("counting: this page load could not be counted (logged once)")
    return response


def count_page_load(response: Response) -> None:
    if request.endpoint in NOT_PAGES or request.blueprint in NOT_PAGE_BLUEPRINTS:
        return
    tally: Tally = current_app.extensions["hulpwijzer.tally"]
    noted = g.pop("count_events", [])
    day = today()
    reason = rejection(request, response)
    if reason:
        tally.add((day, "rejected", reason))
        return
    tally.add((day, "page", page_key()))
    entry = is_entry()
    if entry:
        section = request.blueprint if request.blueprint in PROGRAMME_BLUEPRINTS else "site"
        tally.add((day, "visit", section))
    for metric, item in noted:
        if metric == "course.returning" and not entry:
            continue
        tally.add((day, metric, item))


def note(metric: str, item: str) -> None:
    """Remember a programme event until the response shows whether the page load counts."""
    if not has_request_context() or not ITEM.match(item):
        return
    g.setdefault("count_events", []).append((metric, item))


def valid_number(number: object) -> str:
    return str(number) if isinstance(number, int) and 1 <= number <= 99 else ""


# Signals are global, so the receivers are connected once, at import, and write
# only into the current request's `g`: every app counts its own requests.
@events.advice_started.connect
def on_advice_started(sender, lang: str = "", **_) -> None:
    note("advice.start", lang)


@events.advice_reached.connect
def on_advice_reached(sender, lang: str = "", advice_id: str = "", topic: str = "", **_) -> None:
    note("advice.reached", advice_id)
    note("advice.topic", topic)


@events.module_viewed.connect
def on_module_viewed(sender, lang: str = "", number: int = 0, **_) -> None:
    note("module.view", valid_number(number))


@events.module_completed.connect
def on_module_completed(sender, lang: str = "", number: int = 0, **_) -> None:
    note("module.done", valid_number(number))


@events.course_progress_seen.connect
def on_course_progress_seen(sender, lang: str = "", done_count: int = 0, **_) -> None:
    if isinstance(done_count, int) and done_count >= 1:
        note("course.returning", "course")


def tally() -> Tally:
    return current_app.extensions["hulpwijzer.tally"]


def init_app(app: Flask) -> None:
    app.config.setdefault("DATABASE_URL", os.environ.get("DATABASE_URL") or None)
    app.config.setdefault(
        "COUNTS_FLUSH_SECONDS", float(os.environ.get("HULPWIJZER_COUNTS_FLUSH_SECONDS", "2"))
    )
    if not app.config["DATABASE_URL"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    store = open_store(app.config["DATABASE_URL"], Path(app.instance_path))
    try:
        store.create_schema()
    except Exception as error:
        # The site starts anyway; the writer creates the table once the store answers.
        log.error("counting: cannot prepare the %s (%s); will retry", store.description, error)
    app.extensions["hulpwijzer.tally"] = Tally(store, app.config["COUNTS_FLUSH_SECONDS"])
    app.after_request(count_response)
