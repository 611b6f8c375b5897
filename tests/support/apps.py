"""Building the app for tests: one place, so every app counts into a throwaway SQLite file."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from hulpwijzer import create_app


def build_app(folder: Path, **overrides) -> Flask:
    """The app with settings overridden, counting into folder/counts.sqlite3 (and spooling into
    folder/counts-spool) unless told otherwise."""
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{folder}/counts.sqlite3",
            "COUNTS_SPOOL": str(folder / "counts-spool"),
            **overrides,
        }
    )
