"""A limit on wrong dashboard passwords, without knowing who tried.

The site keeps no addresses, so the limit is for everyone at once: after
MAX_FAILURES wrong logins within a minute (per worker process), every login is
answered 429 for LOCK_SECONDS, the right password included (otherwise the lock
would still let someone guess). The lock and its count of failures are logged,
never an address or a user name. Staff lose at most a minute or two during an
attack; a guesser loses nearly all their attempts.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque

from flask import Flask, Response, current_app, make_response, render_template, request
from flask_babel import gettext as _

log = logging.getLogger("hulpwijzer.reporting.login_limit")
EXTENSION = "hulpwijzer.reporting.login_limit"

WINDOW_SECONDS = 60.0


class LoginLimit:
    def __init__(self, max_failures: int = 10, lock_seconds: float = 120.0, clock=time.monotonic):
        self.max_failures = max_failures
        self.lock_seconds = lock_seconds
        self.clock = clock
        self._failures: deque[float] = deque()
        self._locked_until = 0.0
        self._refused = 0
        self._lock = threading.Lock()

    def seconds_locked(self) -> int:
        """How long logins stay refused, 0 when they are open. Counts the refusal."""
        with self._lock:
            left = self._locked_until - self.clock()
            if left <= 0:
                if self._refused:
                    log.warning("dashboard: logins open again; %d refused while locked", self._refused)
                    self._refused = 0
                return 0
            self._refused += 1
            return max(1, int(left + 0.999))

    def failed(self) -> None:
        with self._lock:
            now = self.clock()
            self._failures.append(now)
            while self._failures and self._failures[0] <= now - WINDOW_SECONDS:
                self._failures.popleft()
            if len(self._failures) >= self.max_failures:
                log.warning(
                    "dashboard: %d failed logins in the last minute; all logins refused for %d s",
                    len(self._failures),
                    self.lock_seconds,
                )
                self._locked_until = now + self.lock_seconds
                self._failures.clear()


def refused() -> Response | None:
    """A 429 page while logins are locked, else None."""
    wait = current_app.extensions[EXTENSION].seconds_locked()
    if not wait:
        return None
    message = _("Too many wrong passwords were tried. Logging in is closed for a while; try again later.")
    response = make_response(render_template("error.html", code=429, description=message), 429)
    response.headers["Retry-After"] = str(wait)
    return response


def record_failure() -> None:
    """A login that sent a name and password which were wrong (not the browser's first, empty try)."""
    if request.authorization is not None:
        current_app.extensions[EXTENSION].failed()


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = LoginLimit(app.config["LOGIN_MAX_FAILURES"], app.config["LOGIN_LOCK_SECONDS"])
