"""Configuration: defaults, overridden by environment variables, then by tests."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

# The checkout: content/, static/, translations/ and instance/ are found from here.
REPO_ROOT = Path(__file__).resolve().parent.parent

PROGRAMMES = ("advice", "course")
# Every page lives under /<language>/; the first is the default.
LANGUAGES = ("nl", "en")


def init_app(app: Flask, test_config: Mapping[str, Any] | None = None) -> None:
    app.config.from_mapping(
        CONTENT_DIR=os.environ.get("HULPWIJZER_CONTENT_DIR", str(REPO_ROOT / "content")),
        # Comma-separated: "advice,course" serves both; one name serves that programme alone.
        PROGRAMMES=parse_programmes(os.environ.get("HULPWIJZER_PROGRAMMES", ",".join(PROGRAMMES))),
        QUICK_EXIT_URL=os.environ.get("HULPWIJZER_QUICK_EXIT_URL", "https://www.buienradar.nl/"),
        LANGUAGES=LANGUAGES,
        BABEL_DEFAULT_LOCALE=LANGUAGES[0],
        BABEL_TRANSLATION_DIRECTORIES=str(REPO_ROOT / "translations"),
        # Query strings longer than this are refused with a 414 before any view runs.
        MAX_QUERY_LENGTH=2048,
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    if test_config:
        app.config.from_mapping(test_config)
    # `flask run --debug` is the editor's preview: content is read again when a file changes
    # (and the page cache stays off); production reads and validates it once.
    app.config.setdefault("CONTENT_PREVIEW", app.debug)
    if app.config["CONTENT_PREVIEW"]:
        app.config["PAGE_CACHE"] = False


def parse_programmes(value: str) -> tuple[str, ...]:
    chosen = tuple(p.strip() for p in value.split(",") if p.strip())
    unknown = [p for p in chosen if p not in PROGRAMMES]
    if unknown or not chosen:
        raise ValueError(
            f"HULPWIJZER_PROGRAMMES={value!r}: expected a comma-separated choice of {', '.join(PROGRAMMES)}"
        )
    return chosen
