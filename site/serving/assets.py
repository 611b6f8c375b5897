"""Static files under fingerprinted names, so browsers may keep them for a year.

Templates keep writing ``url_for('static', filename='css/site.css')``; the URL
becomes ``/static/css/site.3f2a9c1e.css``. A new deploy with changed files gives
new names, so no visitor ever gets a stale stylesheet.

Stylesheets and scripts are minified once at start-up and served from memory, and
each face (the foundation, each programme) gets one stylesheet: ``css/site-<face>.css``
is ``css/site.css`` followed by ``css/faces/<face>.css``. Both keep the heaviest page
within its budget of 30 KB in 3 requests (tests/test_budget.py).
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from pathlib import Path
from typing import Any

import rcssmin
import rjsmin
from flask import Flask, Response, abort, current_app, send_from_directory

ONE_YEAR = 365 * 24 * 3600
_FINGERPRINTED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{10})(?P<suffix>\.[A-Za-z0-9]+)$")


MINIFIERS = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}
FACES = "css/faces/"


def build_assets(folder: Path) -> dict[str, bytes]:
    """Stylesheets and scripts under folder, minified, plus one joined stylesheet per face."""
    built = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in MINIFIERS:
            built[path.relative_to(folder).as_posix()] = MINIFIERS[path.suffix](path.read_text()).encode()
    for name in [name for name in built if name.startswith(FACES)]:
        built[f"css/site-{name.removeprefix(FACES)}"] = built["css/site.css"] + b"\n" + built[name]
    return built


def fingerprint_files(folder: Path, built: dict[str, bytes] | None = None) -> dict[str, str]:
    """{"css/site.css": "css/site.<digest>.css"} for every file under folder and every built asset."""
    built = built or {}
    contents = {
        path.relative_to(folder).as_posix(): path for path in sorted(folder.rglob("*")) if path.is_file()
    }
    names = {}
    for relative in sorted({*contents, *built}):
        data = built[relative] if relative in built else contents[relative].read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:10]
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
    built = current_app.extensions["hulpwijzer.serving.assets.built"]
    if original in built:
        response = Response(built[original], mimetype=mimetypes.guess_type(original)[0])
        response.cache_control.max_age = ONE_YEAR
    else:
        response = send_from_directory(current_app.static_folder, original, max_age=ONE_YEAR)
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response


def init_app(app: Flask) -> None:
    built = build_assets(Path(app.static_folder))
    app.extensions["hulpwijzer.serving.assets.built"] = built
    app.extensions["hulpwijzer.serving.assets"] = fingerprint_files(Path(app.static_folder), built)
    app.url_defaults(add_fingerprint)
    app.view_functions["static"] = send_static
