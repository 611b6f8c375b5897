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

import hashlib
import logging
import os
import re
import secrets
import time
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from crawlerdetect import CrawlerDetect
from flask import Flask, current_app

from hulpwijzer import events
from hulpwijzer.counting.campaign import source
from hulpwijzer.counting.store import open_store
from hulpwijzer.counting.tally import Tally
from hulpwijzer.serving.lru import LruCache
from hulpwijzer.serving.replay import SENT_EVENTS

log = logging.getLogger("hulpwijzer.counting.hook")

# Headers browsers send when they load a page the visitor may never see
# (Sec-Purpose, Purpose, X-Purpose, X-Moz), as the WSGI environ names them.
PREFETCH_KEYS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")
# Requests that are not pages of the site: neither counted nor rejected.
NOT_PAGES = {"static"}
NOT_PAGE_BLUEPRINTS = {"dashboard"}
PROGRAMME_BLUEPRINTS = {"advice", "course"}
MAX_AGENT_LENGTH = 512
ITEM = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
TZ = ZoneInfo("Europe/Amsterdam")


def local_date() -> date:
    """Today in the Netherlands: the day the counts are filed under."""
    return datetime.now(TZ).date()


def today() -> str:
    return local_date().isoformat()


def this_month() -> str:
    return today()[:7]


def not_human(environ: dict) -> str | None:
    """Why this request was not made by a person looking at the site, or None."""
    if environ.get("REQUEST_METHOD") == "HEAD":
        return "head"
    if any(environ.get(key) for key in PREFETCH_KEYS):
        return "prefetch"
    agent = environ.get("HTTP_USER_AGENT", "").strip()
    if not agent:
        return "no-user-agent"
    if BOTS.is_bot(agent):
        return "bot"
    return None


class BotCheck:
    """crawlerdetect's verdict per user agent, remembered by a salted hash, never by the string.

    Matching one user agent against crawlerdetect's list takes ~0.4 ms; browsers
    send few distinct strings, so the verdicts are kept, in memory only, keyed by
    a hash with a random per-process salt that cannot be turned back into the string.
    """

    def __init__(self, size: int = 4096):
        self.salt = secrets.token_bytes(16)
        self.verdicts: LruCache[bytes, bool] = LruCache(size)

    def is_bot(self, agent: str) -> bool:
        # crawlerdetect's patterns are super-linear on long strings: 8,000 characters took 7 s.
        # Browsers send under 512; a bot's name never needs more to be recognised.
        agent = agent[:MAX_AGENT_LENGTH]
        key = hashlib.blake2b(agent.encode("utf-8", "replace"), key=self.salt, digest_size=16).digest()
        verdict = self.verdicts.get(key)
        if verdict is None:
            verdict = CrawlerDetect().is_crawler(agent)
            self.verdicts.put(key, verdict)
        return verdict


BOTS = BotCheck()


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


def module_item(course: object, number: object) -> str | None:
    """A module's counter item: "<course id>-<number>", e.g. "naasten-6"."""
    if isinstance(course, str) and isinstance(number, int) and 1 <= number <= 99:
        return f"{course}-{number}"
    return None


class PageCounter:
    """The replay cache's response hook: (environ, status, headers, route rule)."""

    def __init__(self, app: Flask, tally: Tally):
        self.app = app
        self.tally = tally
        self.endpoints: dict[str, str] = {}
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

    def count(self, environ: dict, status: int, headers: list[tuple[str, str]], route: str) -> None:
        endpoint = self.endpoint(route) or ""
        blueprint = endpoint.rpartition(".")[0]
        if endpoint in NOT_PAGES or blueprint in NOT_PAGE_BLUEPRINTS:
            return
        content_type = ""
        for name, value in headers:
            if name.lower() == "content-type":
                content_type = value
                break
        now = time.time()
        if now >= self._day_until:
            self._day, self._day_until = today(), (now // 60 + 1) * 60
        day = self._day
        human = not_human(environ)
        reason = rejection(environ, human, status, content_type)
        # A visit starts with a page that was not opened from a page of this site.
        entry = not reason and environ.get("HTTP_SEC_FETCH_SITE") != "same-origin"
        if reason:
            self.tally.add((day, "rejected", reason))
        else:
            self.tally.add((day, "page", page_key(environ.get("PATH_INFO", ""), route)))
            if entry:
                self.tally.add((day, "visit", blueprint if blueprint in PROGRAMME_BLUEPRINTS else "site"))
        # A person's actions count even when they are not page loads (marking a module done is a
        # form post answered with a redirect); a bot's or a prefetch's never do.
        if status >= 400 or human:
            return
        # A campaign link's first request (answered with a redirect that drops the tag): counted once.
        tag = source(environ, getattr(self.app.extensions.get("hulpwijzer.content"), "campaigns", {}))
        if tag and environ.get("REQUEST_METHOD") == "GET":
            self.tally.add((day, "campaign", tag))
        for metric, item in programme_counts(environ.get(SENT_EVENTS, [])):
            if metric == "course.returning" and not entry:
                continue
            self.tally.add((day, metric, item))


def tally() -> Tally:
    return current_app.extensions["hulpwijzer.counting.tally"]


def init_app(app: Flask) -> None:
    app.config.setdefault("COUNTING", os.environ.get("HULPWIJZER_COUNTING", "on") != "off")
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
    counts = Tally(store, app.config["COUNTS_FLUSH_SECONDS"])
    app.extensions["hulpwijzer.counting.tally"] = counts
    # HULPWIJZER_COUNTING=off (for benchmarks): nothing is counted; the dashboard still reads.
    if app.config["COUNTING"]:
        app.extensions["hulpwijzer.serving.replay"].hooks.append(PageCounter(app, counts))
