"""Friendly error pages in the visitor's language, each with the route to help.

An unexpected error is logged as one line: its type, where it happened, the
method and the path. Never the message or a traceback (either can quote what
the visitor sent), never the query string.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import NoReturn

from flask import Flask, g, render_template, request
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError, NotFound

from hulpwijzer.config import REPO_ROOT
from hulpwijzer.i18n import best_language

log = logging.getLogger("hulpwijzer.serving.errors")


def refuse(message: str, code: int = 400) -> NoReturn:
    """Stop with a 4xx page that tells the visitor, in their language, what was wrong."""
    error = NotFound() if code == 404 else BadRequest()
    error.public_message = message  # type: ignore[attr-defined]
    raise error


def render_error(error: HTTPException):
    if not g.get("lang"):
        g.lang = best_language()
    code = error.code or 500
    return render_template("error.html", code=code, description=getattr(error, "public_message", None)), code


def handle_unexpected(error: Exception):
    log_unexpected(error)
    return render_error(InternalServerError())


def log_unexpected(error: BaseException) -> None:
    frames = [f"{short_path(f.filename)}:{f.lineno}" for f in traceback.extract_tb(error.__traceback__)]
    ours = [f for f in frames if not f.startswith(LIBRARY)]
    where = " from ".join(dict.fromkeys(frames[-1:] + ours[-1:])) or "?"
    log.error("unexpected %s in %s while answering %s %s", type(error).__name__, where, *request_line())


LIBRARY = "lib:"


def short_path(filename: str) -> str:
    """site/x.py for the project's files, lib:werkzeug/x.py for installed ones."""
    if "site-packages/" in filename:
        return LIBRARY + filename.rsplit("site-packages/", 1)[1]
    path = Path(filename)
    return str(path.relative_to(REPO_ROOT)) if path.is_relative_to(REPO_ROOT) else LIBRARY + path.name


def request_line() -> tuple[str, str]:
    try:
        return request.method, request.path[:200]
    except RuntimeError:  # outside a request
        return "-", "-"


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(Exception, handle_unexpected)
    # Flask's own logging of an error raised by an error handler: the same single line.
    app.log_exception = lambda exc_info: log_unexpected(exc_info[1])  # type: ignore[method-assign]
