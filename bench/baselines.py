"""The two baselines every page is measured against, served by the same gunicorn.

- ``bare``: a WSGI callable returning ready bytes: the limit of this server stack.
- ``static``: Flask serving a static file: what a static site would give.
Both answer with a body of the size asked for (``/?size=N``, ``/static/N.html``),
so each page is compared with a baseline of exactly its own size. The sizes the
static app serves come from BENCH_SIZES (comma-separated).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import parse_qs

from flask import Flask


def body(size: int) -> bytes:
    return (b"<!doctype html><title>x</title><p>" + b"x" * size)[:size]


def bare(environ, start_response):
    size = int(parse_qs(environ.get("QUERY_STRING", "")).get("size", ["20000"])[0])
    payload = body(size)
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(size))])
    return [payload]


_folder = Path(tempfile.mkdtemp(prefix="bench-static-"))
for _size in {int(s) for s in os.environ.get("BENCH_SIZES", "20000").split(",")}:
    (_folder / f"{_size}.html").write_bytes(body(_size))
static = Flask(__name__, static_folder=str(_folder), static_url_path="/static")
