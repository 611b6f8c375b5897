"""Counts are added up in memory and written to the store in batches.

A page only appends a key, or a load to be turned into keys (loads.py), to a
queue, without a lock; a thread in each worker process adds them up and writes
the batch every FLUSH_SECONDS, and the process writes what is left when it
exits. When the store is down the batch stays in memory and is retried on the
next round; the failure is logged once, and the recovery once. A worker that
stops while the store does not answer writes its counts to the spool on local
disk (spool.py); every writer thread delivers the spool before its own batch.
What a crash can lose is documented in docs/counting.md.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing.util
import os
import threading
import time
import weakref
from collections import Counter, deque
from collections.abc import Callable, Hashable, Iterable
from itertools import islice

from hulpwijzer.recording.spool import Spool
from hulpwijzer.recording.store import Key, Store

log = logging.getLogger("hulpwijzer.recording.hook")
_starting = threading.Lock()
# Keys added up per hold of the GIL (well under a millisecond), so pages never wait long.
ADD_UP_CHUNK = 4096
# What one waiting load can hold in memory, at most: the user agent cut to 512 one-byte characters
# (hook.py), a tuple of shared or constant objects, and its slots in the queue and the Counter
# (tests/test_counting_loads.py measures it). The headers are constants by then (bots.py).
MAX_LOAD_BYTES = 1024
# Memory a worker's waiting loads may take: about two seconds of a busy worker's pages. Beyond it
# (a flood of made-up user agents the thread cannot judge as fast), a page judges its own
# load, as every page did before loads were judged in the thread: the waiting stays bounded.
MAX_WAITING_BYTES = 32 * 1024 * 1024
MAX_WAITING_LOADS = MAX_WAITING_BYTES // MAX_LOAD_BYTES
# Rounds in a row that may end with loads still unjudged; then those are dropped, and logged,
# so the thread never spends hours on a flood's backlog (new user agents are ~40 ms each).
MAX_BACKLOG_ROUNDS = 3
# A flood's dropped loads are logged at most this often.
DROPPED_LOG_SECONDS = 60
# The thread judges for at most this long per round, so what it has judged is written on time;
# a stopping worker for at most JUDGING_SECONDS_AT_EXIT, and reports what it could not judge as lost.
JUDGING_SECONDS_PER_ROUND = 1.0
JUDGING_SECONDS_AT_EXIT = 3.0
# A stopping worker waits this long for a write the writer thread has under way, then spools
# what it holds: with the judging above and its own try, well within the server's 10 s.
WAITING_SECONDS_AT_EXIT = 4.0


def forget_parent(tally: Tally | None) -> None:
    if tally is not None:
        tally._started = False


def added_up(queue: deque) -> Counter:
    """What is in the queue now, counted and taken out; pages may go on appending meanwhile."""
    counted: Counter = Counter()
    left = len(queue)
    while left > 0:
        chunk = min(left, ADD_UP_CHUNK)
        counted.update(islice(iter(queue.popleft, None), chunk))
        left -= chunk
        if left:
            time.sleep(0)  # the C loop above holds the GIL: let the pages run in between
    return counted


class Tally:
    def __init__(
        self,
        store: Store,
        flush_seconds: float,
        load_keys: Callable[[Hashable], Iterable[Key]] = lambda load: (),
        quick: Callable[[Hashable], bool] = lambda load: False,
        spool: Spool | None = None,
    ):
        self.store = store
        # Where a stopping worker leaves the counts its store did not take (None: they are lost).
        self.spool = spool
        self.flush_seconds = flush_seconds
        # Turns one load into its counter keys: run once per distinct load, in the writer thread.
        self.load_keys = load_keys
        # Whether load_keys is cheap for this load (a browser already judged): such loads are
        # judged whatever the time limit, so a flood of new user agents never holds them back.
        self.quick = quick
        self._started = False
        self._reset()
        # A forked worker starts afresh (checked at fork, not with a getpid() per page).
        tally = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: forget_parent(tally()))

    def _reset(self) -> None:
        # Re-entrant: a worker's exit handler may run while the same thread is inside add().
        self._lock = threading.RLock()
        self._flushing = threading.Lock()
        self._pending: Counter[Key] = Counter()
        # Pages append their keys here without a lock (deque.append is atomic); the writer
        # adds them up in C (Counter over popleft), so a 2 s batch takes it milliseconds.
        self._added: deque[Key] = deque()
        self._loads: deque[Hashable] = deque()
        # Distinct loads added up but not judged yet, and how many more may wait.
        self._waiting: Counter[Hashable] = Counter()
        self._room = MAX_WAITING_LOADS
        self._backlog_rounds = 0
        self._dropped, self._dropped_logged = 0, 0.0
        self._failing = False
        self._stop = threading.Event()

    def add(self, key: Key, n: int = 1) -> None:
        self._start()
        if n == 1:
            self._added.append(key)
        else:
            with self._lock:
                self._pending[key] += n

    def add_load(self, load: Hashable) -> None:
        """Note a load; the writer turns it into keys with load_keys (equal loads once)."""
        if not self._started:
            self._start()
        if len(self._loads) < self._room:
            self._loads.append(load)
        else:
            self._added.extend(self.load_keys(load))

    def _start(self) -> None:
        if not self._started:
            with _starting:
                if not self._started:
                    self._start_in_this_process()

    def _take_added(self, judging_seconds: float | None = None) -> None:
        """Moves what pages added into the pending batch; called with the lock held.

        Loads are judged for at most judging_seconds (all of them when None), quick ones always;
        the rest waits.
        """
        self._pending.update(added_up(self._added))
        self._waiting.update(added_up(self._loads))
        until = None if judging_seconds is None else time.monotonic() + judging_seconds
        judged = []
        for load, n in self._waiting.items():
            if until is not None and time.monotonic() > until and not self.quick(load):
                continue
            for key in self.load_keys(load):
                self._pending[key] += n
            judged.append(load)
        for load in judged:
            del self._waiting[load]
        if until is not None:
            self._drop_backlog()
        self._room = MAX_WAITING_LOADS - sum(self._waiting.values())

    def _drop_backlog(self) -> None:
        """After MAX_BACKLOG_ROUNDS rounds in a row that could not judge everything: drop the rest."""
        self._backlog_rounds = self._backlog_rounds + 1 if self._waiting else 0
        if self._backlog_rounds > MAX_BACKLOG_ROUNDS:
            self._dropped += sum(self._waiting.values())
            self._waiting = Counter()
            self._backlog_rounds = 0
        now = time.monotonic()
        if self._dropped and now - self._dropped_logged >= DROPPED_LOG_SECONDS:
            log.error(
                "counting: %d page loads dropped: more new user agents than could be judged (a flood?)",
                self._dropped,
            )
            self._dropped, self._dropped_logged = 0, now

    def pending(self) -> int:
        with self._lock:
            self._take_added()
            return sum(self._pending.values())

    def flush(self, judging_seconds: float | None = None) -> bool:
        """Write everything pending in one transaction; on failure keep it for the next try.

        With judging_seconds, loads still waiting after that long are left for the next round.
        """
        with self._flushing:
            return self._write(judging_seconds)

    def _write(self, judging_seconds: float | None, deliver: bool = True) -> bool:
        """flush() with the flushing lock held; deliver: the spool's files first."""
        with self._lock:
            self._take_added(judging_seconds)
            batch, self._pending = self._pending, Counter()
        try:
            # The spool first: counts from a stopped worker arrive before newer ones.
            if deliver and self.spool is not None and self.spool.files():
                self.spool.deliver(self.store)
            if not batch:
                return True
            self.store.add(batch)
        except Exception as error:
            with self._lock:
                self._pending.update(batch)
            if not self._failing:
                self._failing = True
                log.error(
                    "counting: cannot write to the %s (%s); pages are still served and the "
                    "counts are kept in memory and retried every %s s",
                    self.store.description,
                    error.__class__.__name__,
                    self.flush_seconds,
                )
            return False
        if self._failing:
            self._failing = False
            written = sum(batch.values())
            log.warning("counting: the %s works again; %d counts written", self.store.description, written)
        return True

    def deliver_spool(self) -> None:
        """Delivers what stopped processes left in the spool, now (the server does it at start)."""
        if self.spool is None or not self.spool.files():
            return
        with self._flushing:
            try:
                self.spool.deliver(self.store)
            except Exception as error:
                log.error(
                    "counting: the spool in %s waits: the %s cannot be written (%s); retried every round",
                    self.spool.folder,
                    self.store.description,
                    error.__class__.__name__,
                )

    def close(self) -> None:
        self._stop.set()
        # Waits for a write the writer thread has under way, but not past the server's kill: a
        # write still stuck then keeps its own batch (and loses it only if it fails after all).
        free = self._flushing.acquire(timeout=WAITING_SECONDS_AT_EXIT)
        try:
            # When the store failed on the last round (or is stuck), one more try would only delay
            # the stop: the spool takes it all.
            tried = free and not self._failing
            written = tried and self._write(JUDGING_SECONDS_AT_EXIT, deliver=False)
            with self._lock:
                if not written:
                    self._take_added(0 if tried else JUDGING_SECONDS_AT_EXIT)
                left, self._pending = (Counter() if written else self._pending), Counter()
                unjudged, self._waiting = sum(self._waiting.values()), Counter()
        finally:
            if free:
                self._flushing.release()
        lost = sum(left.values())
        if left and self.spool is not None:
            try:
                path = self.spool.write(left)
            except OSError as error:
                log.error("counting: cannot write the spool file in %s (%s)", self.spool.folder, error)
            else:
                log.warning(
                    "counting: %d counts the %s did not take are kept in %s, delivered at the next start",
                    lost,
                    self.store.description,
                    path,
                )
                lost = 0
        if unjudged:
            log.error(
                "counting: %d page loads lost: they could not be judged before this process stopped",
                unjudged,
            )
        if lost:
            log.error(
                "counting: %d counts lost: the %s could not be written to before this process stopped",
                lost,
                self.store.description,
            )

    def _start_in_this_process(self) -> None:
        # The server forks workers from a process that built the app: each worker
        # starts afresh, with its own lock, its own batch and its own writer.
        self._reset()
        self._started = True
        thread = threading.Thread(target=self._run, name="hulpwijzer-counting", daemon=True)
        thread.start()
        # granian's workers are multiprocessing children, which end with os._exit(): atexit never
        # runs there, multiprocessing's finalizers do. Other servers run atexit; close() is idempotent.
        multiprocessing.util.Finalize(None, self.close, exitpriority=100)
        atexit.register(self.close)

    def _run(self) -> None:
        while not self._stop.wait(self.flush_seconds):
            try:
                self.flush(JUDGING_SECONDS_PER_ROUND)
            except Exception:  # never let the writer die: the next round tries again
                log.exception("counting: unexpected error while writing counts")
