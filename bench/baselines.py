"""The two baselines every page is measured against, served by the same gunicorn.

- ``bare``: a WSGI callable returning ready bytes: the limit of this server stack.
- ``static``: Flask serving a static file: what a static site would give.
Both use a body of BENCH_BODY_BYTES bytes (default 20 KB, the size of a page).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import Flask

SIZE = int(os.environ.get("BENCH_BODY_BYTES", 20_000))
BODY = (b"<!doctype html><title>x</title><p>" + b"x" * SIZE)[:SIZE]


def bare(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(SIZE))])
    return [BODY]


_folder = Path(tempfile.mkdtemp(prefix="bench-static-"))
(_folder / "page.html").write_bytes(BODY)
static = Flask(__name__, static_folder=str(_folder), static_url_path="/static")
