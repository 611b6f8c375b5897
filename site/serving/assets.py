"""Static files under fingerprinted names, so browsers may keep them for a year.

Templates keep writing ``url_for('static', filename='css/site.css')``; the URL
becomes ``/static/css/site.3f2a9c1e.css``. A new deploy with changed files gives
new names, so no visitor ever gets a stale stylesheet.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, current_app, send_from_directory

ONE_YEAR = 365 * 24 * 3600
_FINGERPRINTED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{10})(?P<suffix>\.[A-Za-z0-9]+)$")


def fingerprint_files(folder: Path) -> dict[str, str]:
    """{"css/site.css": "css/site.<digest>.css"} for every file under folder."""
    names = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            relative = path.relative_to(folder).as_posix()
            stem, dot, suffix = relative.rpartition(".")
            names[relative] = f"{stem}.{digest}.{suffix}" if dot else f"{relative}.{digest}"
    return names


def add_fingerprint(endpoint: str, values: dict[str, Any]) -> None:
    if endpoint == "static" and "filename" in values:
        names = current_app.extensions["hulpwijzer.serving.assets"]
        values["filename"] = names.get(values["filename"], values["filename"])


def send_static(filename: str) -> Response:
    names = current_app.extensions["hulpwijzer.serving.assets"]
    match = _FINGERPRINTED.match(filename)
    original = f"{match['stem']}{match['suffix']}" if match else None
    if original is None or names.get(original) != filename:
        abort(404)
    response = send_from_directory(current_app.static_folder, original, max_age=ONE_YEAR)
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response


def init_app(app: Flask) -> None:
    app.extensions["hulpwijzer.serving.assets"] = fingerprint_files(Path(app.static_folder))
    app.url_defaults(add_fingerprint)
    app.view_functions["static"] = send_static
