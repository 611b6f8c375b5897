"""Friendly error pages in the visitor's language, each with the route to help."""

from __future__ import annotations

from typing import NoReturn

from flask import Flask, g, render_template
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError, NotFound

from hulpwijzer.i18n import best_language


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
    return render_error(InternalServerError())


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(Exception, handle_unexpected)
