"""Counting real page loads, anonymously, as totals per day.

A response hook of the replay cache (site/replay.py) runs for every response,
rendered or replayed, and decides whether it was a real page load (a GET
answered with an HTML page, not a prefetch, not a bot). If so, it adds one to
the page's total, one visit if the visitor came from outside the site, and the
programme events the page sent (site/events.py, recorded with the page).
Otherwise it adds one to the total of the reason it was left out, so the
filter can be inspected. Nothing about the visitor is kept: not the address,
not the browser, not the query string. The hook never raises into the page.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from flask import Flask, current_app

from hulpwijzer import events
from hulpwijzer.config import PROGRAMMES
from hulpwijzer.counting.bots import not_human
from hulpwijzer.counting.calendar import this_month, today
from hulpwijzer.counting.campaign import PARAMETER, source
from hulpwijzer.counting.store import open_store
from hulpwijzer.counting.tally import Tally
from hulpwijzer.serving.replay import SENT_EVENTS

log = logging.getLogger("hulpwijzer.counting.hook")

# Requests that are not pages of the site: neither counted nor rejected.
NOT_PAGES = {"static"}
NOT_PAGE_BLUEPRINTS = {"dashboard"}
# An id from the content (advice, topic, course, language) as a counter item.
ITEM = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# A voluntary answer ("26+") or a topic with an answer ("grooming|12-18").
ANSWER = re.compile(r"^[a-z0-9][a-z0-9_+|-]{0,63}$")


def rejection(environ: dict, human: str | None, status: int, content_type: str) -> str | None:
    """Why this response is not a real page load, or None if it is one."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return "method"
    if human:
        return human
    if not content_type.startswith("text/html"):
        return "not-html"
    if status != 200:
        return "status"
    return None


def page_key(path: str, route: str) -> str:
    """The page as route and language: the path, never the query string.

    A route that takes a whole path (which could carry a visitor's answers)
    is counted by its pattern instead.
    """
    if "<path:" in route:
        return f"{path.split('/')[1] if path.count('/') > 1 else ''}:{route}"[:200]
    return path[:200]


def programme_counts(sent: Iterable[tuple[Any, dict]]) -> list[tuple[str, str]]:
    """(metric, item) for each programme event the page sent; malformed values are left out."""
    found = []
    for signal, kwargs in sent:
        if signal is events.advice_started:
            found.append(("advice.start", kwargs.get("lang")))
        elif signal is events.advice_reached:
            found += [("advice.reached", kwargs.get("advice_id")), ("advice.topic", kwargs.get("topic"))]
        elif signal is events.module_viewed:
            found.append(("module.view", module_item(kwargs.get("course"), kwargs.get("number"))))
        elif signal is events.module_completed:
            found.append(("module.done", module_item(kwargs.get("course"), kwargs.get("number"))))
        elif signal is events.course_progress_seen:
            done = kwargs.get("done_count")
            if isinstance(done, int) and done >= 1:
                found.append(("course.returning", kwargs.get("course")))
    return [(metric, item) for metric, item in found if isinstance(item, str) and ITEM.match(item)]


def survey_counts(sent: Iterable[tuple[Any, dict]]) -> list[tuple[str, str]]:
    """(metric, item) for the voluntary answers sent: each on its own, age and gender with the topic."""
    found = []
    for signal, kwargs in sent:
        if signal is not events.survey_answered:
            continue
        topic, answers = kwargs.get("topic"), kwargs.get("answers") or {}
        for question in events.SURVEY_QUESTIONS:
            found += [(f"survey.{question}", answer) for answer in answers.get(question, ())]
        for question in events.SURVEY_CROSSED:
            found += [
                (f"survey.topic_{question}", f"{topic}|{answer}") for answer in answers.get(question, ())
            ]
    return [(metric, item) for metric, item in found if isinstance(item, str) and ANSWER.match(item)]


def module_item(course: object, number: object) -> str | None:
    """A module's counter item: "<course id>-<number>", e.g. "naasten-6"."""
    if isinstance(course, str) and isinstance(number, int) and 1 <= number <= 99:
        return f"{course}-{number}"
    return None


# Responses remembered by PageCounter.response: more than the page cache can hold.
MAX_REMEMBERED = 4096


class Response(NamedTuple):
    status: int
    content_type: str
    page: str  # the "page" counter's item
    section: str  # where a visit that starts here is counted: a programme, or "site"


class PageCounter:
    """The replay cache's response hook: (environ, status, headers, route rule)."""

    def __init__(self, app: Flask, tally: Tally):
        self.app = app
        self.tally = tally
        self.endpoints: dict[str, str] = {}
        self.responses: dict[tuple, Response | tuple[()]] = {}
        self.broken = False
        # The day is looked up once a minute, not per request (midnight is on a whole minute).
        self._day, self._day_until = "", 0.0

    def __call__(self, environ: dict, status: str, headers: list[tuple[str, str]], route: str) -> None:
        try:
            self.count(environ, int(status[:3]), headers, route)
        except Exception:
            if not self.broken:
                self.broken = True
                log.exception("counting: a page load could not be counted (logged once)")

    def endpoint(self, route: str) -> str | None:
        if route and route not in self.endpoints:
            self.endpoints = {rule.rule: rule.endpoint for rule in self.app.url_map.iter_rules()}
        return self.endpoints.get(route)

    def response(self, path: str, status: int, headers, route: str) -> Response | None:
        """What counting needs from a response, or None for what is not a page of the site.

        A replayed page hands over the same headers tuple each time, so this is worked out
        once per page and remembered (a few hundred entries at most: one per cached page).
        """
        key = (path, status, route, headers) if isinstance(headers, tuple) else None
        known = self.responses.get(key) if key else None
        if known is not None:
            return known or None
        endpoint = self.endpoint(route) or ""
        blueprint = endpoint.rpartition(".")[0]
        found: Response | tuple[()] = ()
        if endpoint not in NOT_PAGES and blueprint not in NOT_PAGE_BLUEPRINTS:
            content_type = next((v for n, v in headers if n.lower() == "content-type"), "")
            found = Response(
                status,
                content_type,
                page_key(path, route),
                blueprint if blueprint in PROGRAMMES else "site",
            )
        if key and len(self.responses) < MAX_REMEMBERED:
            self.responses[key] = found
        return found or None

    def count(self, environ: dict, status: int, headers, route: str) -> None:
        response = self.response(environ.get("PATH_INFO", ""), status, headers, route)
        if response is None:
            return
        now = time.time()
        if now >= self._day_until:
            self._day, self._day_until = today(), (now // 60 + 1) * 60
        day = self._day
        human = not_human(environ)
        reason = rejection(environ, human, status, response.content_type)
        # A visit starts with a page that was not opened from a page of this site.
        entry = not reason and environ.get("HTTP_SEC_FETCH_SITE") != "same-origin"
        if reason:
            self.tally.add((day, "rejected", reason))
        else:
            self.tally.add((day, "page", response.page))
            if entry:
                self.tally.add((day, "visit", response.section))
        # A person's actions count even when they are not page loads (marking a module done is a
        # form post answered with a redirect); a bot's or a prefetch's never do.
        if status >= 400 or human:
            return
        # A campaign link's first request (answered with a redirect that drops the tag): counted once.
        if PARAMETER in environ.get("QUERY_STRING", "") and environ.get("REQUEST_METHOD") == "GET":
            tag = source(environ, getattr(self.app.extensions.get("hulpwijzer.content"), "campaigns", {}))
            if tag:
                self.tally.add((day, "campaign", tag))
        sent = environ.get(SENT_EVENTS)
        if not sent:
            return
        for metric, item in programme_counts(sent):
            if metric == "course.returning" and not entry:
                continue
            self.tally.add((day, metric, item))
        # The voluntary answers are filed by month, so no day ties them to one visit.
        for metric, item in survey_counts(sent):
            self.tally.add((this_month(), metric, item))


def tally() -> Tally:
    return current_app.extensions["hulpwijzer.counting.tally"]


def init_app(app: Flask) -> None:
    if not app.config["DATABASE_URL"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    store = open_store(app.config["DATABASE_URL"], Path(app.instance_path))
    try:
        store.create_schema()
    except Exception as error:
        # The site starts anyway; the writer creates the table once the store answers.
        log.error("counting: cannot prepare the %s (%s); will retry", store.description, error)
    counts = Tally(store, app.config["COUNTS_FLUSH_SECONDS"])
    app.extensions["hulpwijzer.counting.tally"] = counts
    # HULPWIJZER_COUNTING=off (for benchmarks): nothing is counted; the dashboard still reads.
    if app.config["COUNTING"]:
        app.extensions["hulpwijzer.serving.replay"].hooks.append(PageCounter(app, counts))
