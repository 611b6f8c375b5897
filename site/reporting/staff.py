"""Who may see the dashboard: per-person staff accounts, checked on every request (HTTP Basic).

Accounts live in the staff file (HULPWIJZER_STAFF_FILE, `flask staff add NAME`); STATS_USER and
STATS_PASSWORD are one more account for a single-box install. Basic auth needs no cookie and no
session. A name that has no account is checked against a dummy hash, so the time taken does not
tell whether the name exists. Wrong passwords are slowed (login_limit.py), never locked out.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from functools import cached_property

from flask import Flask, Response, current_app, make_response, render_template, request
from flask_babel import gettext as _

from hulpwijzer.reporting import passwords
from hulpwijzer.reporting.accounts import AccountFile, normal_name
from hulpwijzer.reporting.login_limit import LoginLimit, Slowdown

log = logging.getLogger("hulpwijzer.reporting.staff")
EXTENSION = "hulpwijzer.reporting.staff"
REALM = 'Basic realm="hulpwijzer statistics", charset="UTF-8"'
# Recent right logins kept per worker at most (staff are few; a full list only means a check).
REMEMBERED_AT_MOST = 1000


class Staff:
    def __init__(self, config: dict):
        self.file = AccountFile(config["STAFF_FILE"])
        self.method = passwords.hasher(config["STAFF_PASSWORD_HASH"])
        self.stats_user = normal_name(config["STATS_USER"])
        self.stats_password = config["STATS_PASSWORD"]
        first, most = config["LOGIN_FIRST_WAIT"], config["LOGIN_MAX_WAIT"]
        self.limit = LoginLimit(
            per_name=Slowdown(config["LOGIN_FREE_FAILURES"], first, most),
            in_all=Slowdown(config["LOGIN_FREE_FAILURES_IN_ALL"], first, most),
            window_seconds=config["LOGIN_WINDOW_SECONDS"],
            waiting_at_once=config["LOGIN_WAITING_AT_ONCE"],
        )
        self.recent = RecentLogins(config["LOGIN_REMEMBER_SECONDS"])
        # Each check takes argon2's memory and a core's time: a flood of logins queues here
        # instead of exhausting the memory.
        self._checks = threading.BoundedSemaphore(config["LOGIN_CHECKS_AT_ONCE"])

    @cached_property
    def dummy_hash(self) -> str:
        return self.method.hash("no account has this password")

    @property
    def from_environment(self) -> str | None:
        """The name of the STATS_USER/STATS_PASSWORD account, if it is set and not in the file."""
        if self.stats_user and self.stats_password and self.stats_user not in self.file.accounts():
            return self.stats_user
        return None

    @cached_property
    def stats_hash(self) -> str:
        """STATS_PASSWORD hashed once, so its check costs what any other account's does."""
        return self.method.hash(self.stats_password)

    def stored_hash(self, name: str) -> str | None:
        if name and name == self.from_environment:
            return self.stats_hash
        return self.file.accounts().get(name)

    def password_ok(self, name: str, password: str) -> bool:
        stored = self.stored_hash(name)
        with self._checks:
            if stored is None:
                passwords.verify(self.method, self.dummy_hash, password)
                return False
            return passwords.verify(self.method, stored, password)

    def login(self, name: str, password: str) -> bool:
        """True for the right password, whatever was tried before (after a wait if names were guessed)."""
        name = normal_name(name)
        if self.recent.knows(name, password, self.file.accounts()):
            return True
        self.limit.pause(name)
        if self.password_ok(name, password):
            self.recent.add(name, password)
            return True
        self.limit.failed(name)
        return False

    def names(self) -> list[str]:
        return sorted(self.file.accounts())


class RecentLogins:
    """Name and password pairs that were right a moment ago, so the next request skips the queue.

    The browser sends the password with every request; without this each page and download
    would wait behind a guesser's checks. Kept as keyed hashes (the key lives in this process
    only), forgotten after a while and whenever the accounts file changes. Only right passwords
    are kept, so a guesser learns nothing from it.
    """

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.seconds, self.clock = seconds, clock
        self._key = os.urandom(32)
        self._until: dict[bytes, float] = {}
        self._accounts: object = None
        self._lock = threading.Lock()

    def _token(self, name: str, password: str) -> bytes:
        pair = f"{name}\0{password}".encode("utf-8", "surrogatepass")
        return hmac.new(self._key, pair, hashlib.sha256).digest()

    def knows(self, name: str, password: str, accounts: dict[str, str]) -> bool:
        token, now = self._token(name, password), self.clock()
        with self._lock:
            if accounts is not self._accounts:
                self._until.clear()
                self._accounts = accounts
            return self._until.get(token, 0.0) > now

    def add(self, name: str, password: str) -> None:
        token, now = self._token(name, password), self.clock()
        with self._lock:
            self._until = {t: until for t, until in self._until.items() if until > now}
            if len(self._until) < REMEMBERED_AT_MOST:
                self._until[token] = now + self.seconds


def staff() -> Staff:
    return current_app.extensions[EXTENSION]


def signed_on() -> bool:
    """True when single sign-on is configured and its proxy vouches for this request.

    Only safe when every request reaches the site through that proxy, which sets the header
    itself and drops any copy a browser sends (docs/deployment.md).
    """
    header = current_app.config["STAFF_HEADER"]
    return bool(header and request.headers.get(header, "").strip())


def require_login() -> Response | None:
    """None for staff with the right name and password, else a 401 page that asks for them."""
    if signed_on():
        return None
    auth = request.authorization
    # The browser's first try sends no credentials: that is no failed login.
    if auth is not None and auth.type == "basic" and staff().login(auth.username or "", auth.password or ""):
        return None
    message = _("This page is for the foundation's staff. Log in with the name and password you were given.")
    # A staff page like the others (no quick exit, no visitors' help block): the dashboard is for staff.
    response = make_response(render_template("staff/error.html", code=401, description=message), 401)
    response.headers["WWW-Authenticate"] = REALM
    return response


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = Staff(app.config)
    user, password = app.config["STATS_USER"], app.config["STATS_PASSWORD"]
    if user and password and (weak := passwords.weakness(user, password)):
        # Refusing to start would take the dashboard from a running install; the warning names
        # the rule, never the password.
        log.warning("STATS_PASSWORD is weak, replace it: %s", re.split(r"[.:] ", weak)[0])
