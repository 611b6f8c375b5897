"""Rendered pages kept in memory, keyed by their URL.

Without cookies a page is a pure function of its URL (the language is in the
path, every other state in the query string), so a page rendered once can be
served again as a ready string. Views still run, so the programmes' events fire
on every request; only the template rendering is skipped.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import Any

from flask import Flask, current_app, render_template, request


class PageCache:
    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._pages: OrderedDict[str, str] = OrderedDict()
        self._lock = Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: str) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.max_entries:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)


def render_page(template: str, **context: Any) -> str:
    """render_template for a GET page whose output depends on nothing but its URL."""
    cache: PageCache = current_app.extensions["hulpwijzer.pagecache"]
    if request.method != "GET" or not current_app.config["PAGE_CACHE"]:
        return render_template(template, **context)
    key = request.full_path
    page = cache.get(key)
    if page is None:
        page = render_template(template, **context)
        cache.put(key, page)
    return page


def init_app(app: Flask) -> None:
    app.config.setdefault("PAGE_CACHE", True)
    app.config.setdefault("PAGE_CACHE_ENTRIES", 1024)
    app.extensions["hulpwijzer.pagecache"] = PageCache(app.config["PAGE_CACHE_ENTRIES"])
