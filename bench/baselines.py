"""The bare WSGI callable every server is measured with: ready bytes, no framework.

It answers ``/?size=N`` with a body of exactly N bytes, so each page is compared
with a callable that sends the same number of bytes: the limit of a server for
Python on this machine.
"""

from __future__ import annotations

from urllib.parse import parse_qs


def body(size: int) -> bytes:
    return (b"<!doctype html><title>x</title><p>" + b"x" * size)[:size]


def bare(environ, start_response):
    size = int(parse_qs(environ.get("QUERY_STRING", "")).get("size", ["20000"])[0])
    payload = body(size)
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(size))])
    return [payload]
