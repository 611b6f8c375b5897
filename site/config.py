"""Configuration: every setting, read from the environment here and nowhere else.

Each setting has a default, an environment variable that overrides it, and a
config key the rest of the app reads (`app.config[...]`); tests override the
config keys directly. README.md lists every variable (tests/test_docs_settings.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask

# The checkout: content/, static/, translations/ and instance/ are found from here.
REPO_ROOT = Path(__file__).resolve().parent.parent

PROGRAMMES = ("advice", "course")
# Endpoints and blueprints that answer requests but are not pages of the site: never counted,
# never tagged by a campaign.
NOT_PAGE_ENDPOINTS = frozenset({"static"})
# seo: robots.txt and sitemap.xml, asked for by search engines.
NOT_PAGE_BLUEPRINTS = frozenset({"dashboard", "seo"})
# Every page lives under /<language>/; the first is the default.
LANGUAGES = ("nl", "en")


def parse_programmes(value: str) -> tuple[str, ...]:
    """ "advice,course" serves both; one name serves that programme alone."""
    chosen = tuple(p.strip() for p in value.split(",") if p.strip())
    unknown = [p for p in chosen if p not in PROGRAMMES]
    if unknown or not chosen:
        raise ValueError(f"expected a comma-separated choice of {', '.join(PROGRAMMES)}")
    return chosen


def on_unless_off(value: str) -> bool:
    return value.strip().lower() != "off"


def on_if_on(value: str) -> bool:
    return value.strip().lower() in ("on", "1", "yes")


def positive_whole_number(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError("expected a whole number of at least 1")
    return number


def seconds(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise ValueError("expected a number of seconds above 0")
    return number


@dataclass(frozen=True)
class Setting:
    key: str
    variable: str
    default: Any
    parse: Callable[[str], Any] = str

    def read(self, environ: Mapping[str, str]) -> Any:
        raw = environ.get(self.variable)
        if raw is None or raw == "":
            return self.default
        try:
            return self.parse(raw)
        except ValueError as error:
            raise ValueError(f"{self.variable}={raw!r}: {error}") from None


SETTINGS = (
    Setting("CONTENT_DIR", "HULPWIJZER_CONTENT_DIR", str(REPO_ROOT / "content")),
    Setting("PROGRAMMES", "HULPWIJZER_PROGRAMMES", PROGRAMMES, parse_programmes),
    Setting("QUICK_EXIT_URL", "HULPWIJZER_QUICK_EXIT_URL", "https://www.buienradar.nl/"),
    # The public address (https://…) for canonical links and the sitemap; never read from requests.
    # Unset: links are root-relative, and robots.txt and the sitemap use the address they were asked on.
    Setting("SITE_URL", "HULPWIJZER_SITE_URL", ""),
    # off: every request renders (benchmarks, debugging); the editor's preview turns it off too.
    Setting("PAGE_CACHE", "HULPWIJZER_PAGE_CACHE", True, on_unless_off),
    # off: nothing is counted (the benchmark's runs); the dashboard still reads.
    Setting("COUNTING", "HULPWIJZER_COUNTING", True, on_unless_off),
    # unset: SQLite under instance/; sqlite:///path; postgresql://… (docs/counting.md)
    Setting("DATABASE_URL", "DATABASE_URL", None),
    Setting("COUNTS_FLUSH_SECONDS", "HULPWIJZER_COUNTS_FLUSH_SECONDS", 2.0, seconds),
    # Where a stopping worker leaves counts its store did not take (docs/counting.md); unset:
    # instance/counts-spool/. One folder per machine, on local disk, shared by its workers.
    Setting("COUNTS_SPOOL", "HULPWIJZER_COUNTS_SPOOL", None),
    # Staff accounts for the dashboard, one name:argon2id-hash line each (`flask staff add NAME`);
    # never in the repository. Several servers share it (docs/deployment.md).
    Setting("STAFF_FILE", "HULPWIJZER_STAFF_FILE", str(REPO_ROOT / "instance" / "staff-accounts")),
    # Single sign-on in front of the dashboard (docs/deployment.md): the name of the header the
    # identity-aware proxy sets for a logged-in person. Unset (the default), no header is trusted.
    Setting("STAFF_HEADER", "HULPWIJZER_STAFF_HEADER", ""),
    # One more account for a single-box install; unset, only the staff file's accounts log in.
    Setting("STATS_USER", "STATS_USER", ""),
    Setting("STATS_PASSWORD", "STATS_PASSWORD", ""),
    # The server's (site/serving/server.py): where it listens, how many workers (one per core when
    # unset), and an access log of time, method, path and status only (off unless on).
    Setting("BIND", "HULPWIJZER_BIND", "127.0.0.1:5000"),
    Setting("WORKERS", "WEB_CONCURRENCY", None, positive_whole_number),
    Setting("ACCESS_LOG", "HULPWIJZER_ACCESS_LOG", False, on_if_on),
)


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Every setting's value: its environment variable, or its default."""
    source = os.environ if environ is None else environ
    return {setting.key: setting.read(source) for setting in SETTINGS}


def setting(key: str, environ: Mapping[str, str] | None = None) -> Any:
    """One setting read without an app (the content check runs without one)."""
    found = next(s for s in SETTINGS if s.key == key)
    return found.read(os.environ if environ is None else environ)


def init_app(app: Flask, test_config: Mapping[str, Any] | None = None) -> None:
    app.config.from_mapping(
        LANGUAGES=LANGUAGES,
        BABEL_DEFAULT_LOCALE=LANGUAGES[0],
        BABEL_TRANSLATION_DIRECTORIES=str(REPO_ROOT / "translations"),
        # Query strings longer than this are refused with a 414 before any view runs.
        MAX_QUERY_LENGTH=2048,
        MAX_CONTENT_LENGTH=64 * 1024,
        PAGE_CACHE_ENTRIES=1024,
        # Staff passwords: argon2id, 64 MiB and 2 passes (about 0.1 s a check on one core), above
        # OWASP's minimum. Stored hashes keep their own parameters; tests pass cheaper ones.
        STAFF_PASSWORD_HASH={"time_cost": 2, "memory_cost": 64 * 1024, "parallelism": 1},
        # At most this many password checks at once per worker (each holds 64 MiB); more wait their turn.
        LOGIN_CHECKS_AT_ONCE=2,
        # Wrong dashboard passwords, per worker and per window: after the free failures for a name
        # (or in all), every login for it first waits, from the first wait doubling to the most.
        # Never a lockout: the right password always gets in (site/reporting/login_limit.py).
        LOGIN_WINDOW_SECONDS=600,
        LOGIN_FREE_FAILURES=3,
        LOGIN_FREE_FAILURES_IN_ALL=20,
        LOGIN_FIRST_WAIT=0.25,
        LOGIN_MAX_WAIT=2.0,
        # Waiting holds a server thread: at most this many logins wait at once, the rest do not wait.
        LOGIN_WAITING_AT_ONCE=16,
        # A name and password that were right are let in again without a check for this long
        # (the browser sends them with every page and download), until the accounts file changes.
        LOGIN_REMEMBER_SECONDS=900,
        **from_environment(),
    )
    if test_config:
        app.config.from_mapping(test_config)
    # `flask run --debug` is the editor's preview: content is read again when a file changes
    # (and the page cache stays off); production reads and validates it once.
    app.config.setdefault("CONTENT_PREVIEW", app.debug)
    if app.config["CONTENT_PREVIEW"]:
        app.config["PAGE_CACHE"] = False
