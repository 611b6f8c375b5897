"""The editor's preview: under `flask run --debug`, content is read again when a file changes.

Production loads and validates content once, at start-up (content.init_app). In debug mode a
saved edit shows on the next reload, and a broken edit shows its `path:line` problems in the
browser instead of the page, so an editor sees what `content check` would say without a restart.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, render_template

from contentkit import ContentError, Problem
from hulpwijzer.content import CONTENT_KEY, load_content


def content_stamp(folder: Path) -> tuple[int, int]:
    """Changes when a content file is saved, added or removed: (newest mtime, number of entries)."""
    newest, count = 0, 0
    for root, dirs, files in os.walk(folder):
        for name in (*dirs, *files):
            try:
                newest = max(newest, os.stat(os.path.join(root, name)).st_mtime_ns)
            except OSError:  # removed between listing and stat: the next request sees it
                continue
            count += 1
    return newest, count


class ContentPreview:
    def __init__(self, app: Flask):
        self.app = app
        self.folder = Path(app.config["CONTENT_DIR"])
        self.stamp = content_stamp(self.folder)
        self.problems: list[Problem] = []

    def load(self) -> None:
        try:
            self.app.extensions[CONTENT_KEY] = load_content(self.folder)
            self.problems = []
        except ContentError as error:
            self.problems = error.problems

    def before_request(self):
        stamp = content_stamp(self.folder)
        if stamp != self.stamp:
            self.stamp = stamp
            self.load()
        if self.problems:
            return render_template("preview_problems.html", problems=self.problems), 503
        return None


def init_app(app: Flask) -> None:
    """Start with whatever the content says (problems included) and watch it; debug mode only."""
    preview = ContentPreview(app)
    preview.load()
    app.before_request(preview.before_request)
