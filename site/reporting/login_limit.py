"""Wrong dashboard passwords are slowed down, per account name and in all; nobody is locked out.

A lock that refuses every login after many failures lets anyone who guesses wrong keep the staff
out (issue 19). Here a login is never refused because of earlier failures: once a name (or the
site as a whole) has had more than a few recent failures, each login attempt for it first waits,
doubling up to a maximum, and then the password is checked. The right password always gets in,
after at most that wait. A guesser pays the wait for every try and the argon2 cost of every check.

Names are kept only as keyed hashes with a key that lives in this process, and no log line
names the account, the password or an address. Counts are per worker process.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("hulpwijzer.reporting.login_limit")

# Failures per name are remembered for this many names at most (the oldest are forgotten first),
# so a guesser who makes up names cannot fill the memory.
NAMES_REMEMBERED = 10_000
# Beyond this many failed-login lines in one window, only a summary line is written.
LOGGED_PER_WINDOW = 10


@dataclass(frozen=True)
class Slowdown:
    """After `free` failures in a window, wait `first` seconds, doubling up to `most`."""

    free: int
    first: float
    most: float

    def wait(self, failures: int) -> float:
        if failures < self.free:
            return 0.0
        return min(self.most, self.first * 2 ** min(failures - self.free, 32))


class Window:
    """Failures within a fixed window of time; a new window starts empty."""

    __slots__ = ("started", "failures")

    def __init__(self, now: float):
        self.started, self.failures = now, 0


class LoginLimit:
    def __init__(
        self,
        per_name: Slowdown,
        in_all: Slowdown,
        window_seconds: float,
        waiting_at_once: int,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.per_name, self.in_all, self.window_seconds = per_name, in_all, window_seconds
        self.clock, self.sleep = clock, sleep
        self._key = os.urandom(16)
        self._names: OrderedDict[bytes, Window] = OrderedDict()
        self._all = Window(float("-inf"))
        self._logged = 0
        self._lock = threading.Lock()
        # Waiting holds a server thread: only this many wait at once, the rest are checked at once.
        self._waiting = threading.BoundedSemaphore(waiting_at_once)

    def _key_of(self, name: str) -> bytes:
        return hashlib.blake2b(name.encode("utf-8", "replace"), key=self._key, digest_size=16).digest()

    def _current(self, window: Window, now: float) -> Window:
        if now - window.started >= self.window_seconds:
            window.started, window.failures = now, 0
        return window

    def _everyone(self, now: float) -> Window:
        """The failures of all names in this window; a window that ends is summed up if it was busy."""
        if now - self._all.started >= self.window_seconds:
            if self._logged > LOGGED_PER_WINDOW:
                log.warning("dashboard: %d failed logins in all in the last window", self._all.failures)
            self._logged = 0
        return self._current(self._all, now)

    def wait_for(self, name: str) -> float:
        """Seconds a login for this name waits before its password is checked."""
        with self._lock:
            now = self.clock()
            window = self._names.get(self._key_of(name))
            by_name = self._current(window, now).failures if window else 0
            in_all = self._everyone(now).failures
        return max(self.per_name.wait(by_name), self.in_all.wait(in_all))

    def pause(self, name: str) -> float:
        """Wait as long as this name's and everyone's failures ask; returns the seconds waited."""
        seconds = self.wait_for(name)
        if seconds <= 0 or not self._waiting.acquire(blocking=False):
            return 0.0
        try:
            self.sleep(seconds)
        finally:
            self._waiting.release()
        return seconds

    def failed(self, name: str) -> None:
        """A login with a name and a wrong password; logged without the name."""
        with self._lock:
            now = self.clock()
            key = self._key_of(name)
            window = self._names.pop(key, None) or Window(now)
            self._names[key] = window
            if len(self._names) > NAMES_REMEMBERED:
                self._names.popitem(last=False)
            self._current(window, now).failures += 1
            everyone = self._everyone(now)
            everyone.failures += 1
            self._logged += 1
            by_name, in_all, logged = window.failures, everyone.failures, self._logged
        if logged <= LOGGED_PER_WINDOW:
            log.warning(
                "dashboard: a login failed (%d for that name, %d in all within %d minutes)",
                by_name,
                in_all,
                int(self.window_seconds // 60),
            )
        elif logged == LOGGED_PER_WINDOW + 1:
            log.warning("dashboard: many failed logins; the rest of this window are summed up later")
