"""Building the app for tests: one place, so every app counts into a throwaway SQLite file."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from hulpwijzer import create_app

# argon2id at the lowest cost it allows: tests check logins, not the cost (config.py sets that).
CHEAP_HASH = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


def build_app(folder: Path, **overrides) -> Flask:
    """The app with settings overridden, counting into folder/counts.sqlite3 (spooling into
    folder/counts-spool) and keeping its staff accounts in folder/staff-accounts unless told
    otherwise."""
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{folder}/counts.sqlite3",
            "STAFF_FILE": str(folder / "staff-accounts"),
            "STAFF_PASSWORD_HASH": CHEAP_HASH,
            "COUNTS_SPOOL": str(folder / "counts-spool"),
            **overrides,
        }
    )
