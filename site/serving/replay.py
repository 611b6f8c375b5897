"""Serve a page seen before without running Flask again, replaying its events.

A page here is a pure function of its URL (no cookies, no session; the language
is in the path and all other state in the query string). So once Flask has
rendered a page, this WSGI middleware can answer the same URL from memory. What
must still happen per request happens here too: the response hooks (the
counters) run for every response with this request's environ and the page's
``Entry``, which lists the events the page sent, recorded when it was rendered.
Only pages rendered with ``render_page`` are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from blinker import Signal
from flask import Flask, has_request_context, render_template, request

from hulpwijzer import events
from hulpwijzer.serving.lru import LruCache
from hulpwijzer.serving.security import UNUSABLE_HOST

REPLAYABLE = "hulpwijzer.replayable"
SENT_EVENTS = "hulpwijzer.events"
ROUTE = "hulpwijzer.route"


@dataclass(eq=False)
class Entry:
    """A response: a page kept for replay, or one Flask has just rendered for this request."""

    status: str
    # A tuple: the same object is sent every time, so the privacy middleware can keep its final form.
    headers: tuple[tuple[str, str], ...]
    route: str
    events: list[tuple[Signal, dict[str, Any]]] = field(default_factory=list)
    body: bytes = b""
    # What a hook works out once per page and keeps with it, under the hook itself as key.
    memo: dict[object, Any] = field(default_factory=dict)


# Called for every response, rendered or replayed, with the request's environ.
ResponseHook = Callable[[dict, Entry], None]


def record_event(signal: Signal) -> Callable[..., None]:
    def recorder(sender: Any, **kwargs: Any) -> None:
        if has_request_context():
            request.environ.setdefault(SENT_EVENTS, []).append((signal, kwargs))

    return recorder


# Signals are global, so their recorders are connected once per process.
for _signal in vars(events).values():
    if isinstance(_signal, Signal):
        _signal.connect(record_event(_signal), weak=False)


class ReplayCache:
    def __init__(self, wsgi_app, app, max_entries: int = 1024):
        self.wsgi_app = wsgi_app
        self.app = app
        self.hooks: list[ResponseHook] = []
        self._entries: LruCache[str, Entry] = LruCache(max_entries)

    def uncached(self, environ: dict, start_response):
        """The same, but never answering from memory (for tests and benchmarks)."""
        return self(environ, start_response, use_cache=False)

    def __call__(self, environ: dict, start_response, use_cache: bool = True):
        key = None
        # A request whose Host was unusable (security.py) goes to Flask for its 400.
        if use_cache and environ.get("REQUEST_METHOD") == "GET" and UNUSABLE_HOST not in environ:
            # SCRIPT_NAME is part of every link Flask builds, so it is part of the key.
            key = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
            key += "?" + environ.get("QUERY_STRING", "")
            entry = self._entries.get(key)
            if entry is not None:
                return self.replay(entry, environ, start_response)
        captured: dict[str, Any] = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, capture)
        entry = Entry(
            captured["status"],
            tuple(captured["headers"]),
            environ.get(ROUTE, ""),
            environ.get(SENT_EVENTS, []),
        )
        self.run_hooks(environ, entry)
        if key is None or not environ.get(REPLAYABLE) or not entry.status.startswith("200"):
            return body
        chunks = list(body)
        if hasattr(body, "close"):
            body.close()
        # Kept with what the hooks worked out for it: a replay of the same URL is the same response.
        entry.body = b"".join(chunks)
        self._entries.put(key, entry)
        return chunks

    def replay(self, entry: Entry, environ: dict, start_response) -> Iterable[bytes]:
        self.run_hooks(environ, entry)
        start_response(entry.status, entry.headers)
        return [entry.body]

    def run_hooks(self, environ: dict, entry: Entry) -> None:
        for hook in self.hooks:
            try:
                hook(environ, entry)
            except Exception:  # a hook (the counters) must never break a page
                self.app.logger.exception("a response hook failed")

    def __len__(self) -> int:
        return len(self._entries)


def render_page(template: str, **context: Any) -> str:
    """render_template for a GET page whose output depends on nothing but its URL.

    Marks the response as one the ReplayCache may serve again for the same URL.
    """
    if request.method == "GET":
        request.environ[REPLAYABLE] = True
    return render_template(template, **context)


def remember_route() -> None:
    if request.url_rule is not None:
        request.environ[ROUTE] = request.url_rule.rule


def init_app(app: Flask) -> None:
    app.before_request(remember_route)
    cache = ReplayCache(app.wsgi_app, app, app.config["PAGE_CACHE_ENTRIES"])
    app.extensions["hulpwijzer.serving.replay"] = cache
    if app.config["PAGE_CACHE"]:
        app.wsgi_app = cache
    else:
        app.wsgi_app = cache.uncached
