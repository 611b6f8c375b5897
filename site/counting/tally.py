"""Counts are added up in memory and written to the store in batches.

A page only appends its key to a queue, without a lock; a thread in each worker
process adds them up and writes the batch every FLUSH_SECONDS, and the process writes what is left when it
exits. When the store is down the batch stays in memory and is retried on the
next round; the failure is logged once, and the recovery once. What a crash
can lose is documented in docs/counting.md.
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
from itertools import islice

from hulpwijzer.counting.store import Key, Store

log = logging.getLogger("hulpwijzer.counting.hook")
_starting = threading.Lock()
# Keys added up per hold of the GIL (well under a millisecond), so pages never wait long.
ADD_UP_CHUNK = 4096


def forget_parent(tally: Tally | None) -> None:
    if tally is not None:
        tally._started = False


class Tally:
    def __init__(self, store: Store, flush_seconds: float):
        self.store = store
        self.flush_seconds = flush_seconds
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
        self._failing = False
        self._stop = threading.Event()

    def add(self, key: Key, n: int = 1) -> None:
        if not self._started:
            with _starting:
                if not self._started:
                    self._start_in_this_process()
        if n == 1:
            self._added.append(key)
        else:
            with self._lock:
                self._pending[key] += n

    def _take_added(self) -> None:
        """Moves what pages added into the pending batch; called with the lock held."""
        added = self._added
        left = len(added)  # exactly the keys there now; pages may go on appending meanwhile
        while left > 0:
            chunk = min(left, ADD_UP_CHUNK)
            self._pending.update(islice(iter(added.popleft, None), chunk))
            left -= chunk
            if left:
                time.sleep(0)  # the C loop above holds the GIL: let the pages run in between

    def pending(self) -> int:
        with self._lock:
            self._take_added()
            return sum(self._pending.values())

    def flush(self) -> bool:
        """Write everything pending in one transaction; on failure keep it for the next try."""
        with self._flushing:
            with self._lock:
                self._take_added()
                batch, self._pending = self._pending, Counter()
            if not batch:
                return True
            try:
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
                log.warning(
                    "counting: the %s works again; %d counts written", self.store.description, written
                )
            return True

    def close(self) -> None:
        self._stop.set()
        # flush() first waits for a write the writer thread may have under way.
        if self.flush():
            return
        with self._lock:
            self._take_added()
            lost, self._pending = sum(self._pending.values()), Counter()
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
                self.flush()
            except Exception:  # never let the writer die: the next round tries again
                log.exception("counting: unexpected error while writing counts")
