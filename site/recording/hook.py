"""Counting real page loads, anonymously, as totals per day.

A response hook of the replay cache (site/serving/replay.py) runs for every
response, rendered or replayed. It does as little as it can while the visitor
waits: it notes a *load* (loads.py) for the counting thread, which decides
later, at most a flush interval on, whether it was a real page load (a GET
answered with an HTML page, not a prefetch, not a bot) and what it adds: one to
the page's total, one visit if the visitor came from outside the site, and the
programme events the page sent (site/events.py, recorded with the page). A load
that is not a real page load adds one to the total of the reason it was left
out, so the filter can be inspected. Nothing about the visitor is kept: not the
address, not the browser, not the query string. The hook never raises into the
page.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from flask import Flask, current_app

from hulpwijzer.config import NOT_PAGE_BLUEPRINTS, NOT_PAGE_ENDPOINTS, PROGRAMMES
from hulpwijzer.recording.bots import MAX_AGENT_LENGTH, PREFETCH_KEYS, fetch_dest, fetch_site, prefetch
from hulpwijzer.recording.calendar import today
from hulpwijzer.recording.campaign import source
from hulpwijzer.recording.loads import (
    SITE,
    Plan,
    load_keys,
    method_reason,
    page_key,
    programme_counts,
    quick,
    response_reason,
    survey_counts,
)
from hulpwijzer.recording.spool import Spool
from hulpwijzer.recording.store import open_store
from hulpwijzer.recording.tally import Tally
from hulpwijzer.serving.replay import Entry

log = logging.getLogger("hulpwijzer.recording.hook")

# Kept with an entry that is not a page of the site (a static file, the dashboard).
NOT_A_PAGE = False


class PageCounter:
    """The replay cache's response hook: notes a load for every response that is a page."""

    def __init__(self, app: Flask, tally: Tally):
        self.app = app
        self.tally = tally
        self.endpoints: dict[str, str] = {}
        self.broken = False
        # The day is looked up once a minute, not per request (midnight is on a whole minute).
        self._day, self._day_until = "", 0.0

    def __call__(self, environ: dict, entry: Entry) -> None:
        # The site's hot path: a replayed page's plan is kept with it, so this is a few lookups.
        try:
            plan = entry.memo.get(self)
            if plan is None:
                plan = entry.memo[self] = self.plan(environ, entry)
            if plan is NOT_A_PAGE:
                return
            now = time.time()
            if now >= self._day_until:
                self._day, self._day_until = today(), (now // 60 + 1) * 60
            agent = environ.get("HTTP_USER_AGENT", "")[:MAX_AGENT_LENGTH]
            if not agent.isascii():  # O(1): at most MAX_AGENT_LENGTH bytes whatever the characters
                agent = agent[: MAX_AGENT_LENGTH // 4]
            self.tally.add_load(
                (
                    self._day,
                    plan,
                    agent,
                    fetch_site(environ),
                    None if PREFETCH_KEYS.isdisjoint(environ) else prefetch(environ),
                    fetch_dest(environ),
                )
            )
        except Exception:
            if not self.broken:
                self.broken = True
                log.exception("counting: a page load could not be counted (logged once)")

    def endpoint(self, route: str) -> str | None:
        if route and route not in self.endpoints:
            self.endpoints = {rule.rule: rule.endpoint for rule in self.app.url_map.iter_rules()}
        return self.endpoints.get(route)

    def plan(self, environ: dict, entry: Entry) -> Plan | bool:
        """What this response adds to the counts, or NOT_A_PAGE for what is not a page of the site."""
        endpoint = self.endpoint(entry.route) or ""
        blueprint = endpoint.rpartition(".")[0]
        if endpoint in NOT_PAGE_ENDPOINTS or blueprint in NOT_PAGE_BLUEPRINTS:
            return NOT_A_PAGE
        status = int(entry.status[:3])
        content_type = next((v for n, v in entry.headers if n.lower() == "content-type"), "")
        method = environ.get("REQUEST_METHOD", "")
        actions, returning = programme_counts(entry.events)
        campaigns = getattr(self.app.extensions.get("hulpwijzer.content"), "campaigns", {})
        return Plan(
            page=page_key(environ.get("PATH_INFO", ""), entry.route),
            section=blueprint if blueprint in PROGRAMMES else SITE,
            method=method_reason(method),
            response=response_reason(status, content_type),
            acts=status < 400,
            # A campaign link's first request (answered with a redirect that drops the tag).
            campaign=source(environ, campaigns) if method == "GET" else None,
            actions=tuple(actions),
            returning=tuple(returning),
            answers=tuple(survey_counts(entry.events)),
        )


def tally() -> Tally:
    return current_app.extensions["hulpwijzer.recording.tally"]


def init_app(app: Flask) -> None:
    if not app.config["DATABASE_URL"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    store = open_store(app.config["DATABASE_URL"], Path(app.instance_path))
    try:
        store.create_schema()
    except Exception as error:
        # The site starts anyway; the writer creates the table once the store answers.
        log.error("counting: cannot prepare the %s (%s); will retry", store.description, error)
    spool = Spool(Path(app.config["COUNTS_SPOOL"] or Path(app.instance_path) / "counts-spool"))
    counts = Tally(store, app.config["COUNTS_FLUSH_SECONDS"], load_keys, quick, spool)
    app.extensions["hulpwijzer.recording.tally"] = counts
    # HULPWIJZER_COUNTING=off (for benchmarks): nothing is counted; the dashboard still reads.
    if app.config["COUNTING"]:
        app.extensions["hulpwijzer.serving.replay"].hooks.append(PageCounter(app, counts))
