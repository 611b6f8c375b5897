"""Counts that could not reach the store before a worker stopped wait here, on local disk.

A stopping worker whose store does not answer writes its pending counts to a
new file in the spool folder: one line per count, ``day TAB metric TAB item TAB
n``, nothing else. The file is written as ``<id>.writing-<pid>``, fsynced, and
renamed to ``<id>.spool`` only when complete. Any worker's counting thread
delivers what is ready before it writes its own batch:

1. it claims a file by renaming it to ``<id>.delivering-<pid>`` (a rename is
   atomic: of several workers or servers, one gets it);
2. it adds the counts and the file's id to the store in one transaction
   (store.py); an id the store has seen before adds nothing;
3. it deletes the file.

So a crash between the commit and the delete delivers nothing twice. A file
left by a process that died while writing or delivering it is claimed again by
the next worker. A line that cannot be read (a partial last line after a power
cut) is skipped and logged; a file that cannot be read at all is renamed to
``<id>.unreadable`` and logged. Neither stops the start or the counting.
"""

from __future__ import annotations

import logging
import os
import re
import uuid
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from hulpwijzer.recording.store import Key, Store

log = logging.getLogger("hulpwijzer.recording.spool")

READY = ".spool"
WRITING = ".writing-"
DELIVERING = ".delivering-"
UNREADABLE = ".unreadable"
# <32 hex digits><state>[<pid>]: what a spool file's name tells.
NAME = re.compile(r"^(?P<id>[0-9a-f]{32})(?P<state>\.spool|\.writing-|\.delivering-)(?P<pid>\d*)$")
PERIOD = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
# Inside a field, these four are written as two characters, so a line is always one line.
ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
UNESCAPE = re.compile(r"\\(.)")
UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
MAX_COUNT = 10**12


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def parse_line(line: str) -> tuple[Key, int] | None:
    """(key, n) from one spool line, or None when it is not a whole, valid line."""
    if not line.endswith("\n"):
        return None
    parts = line[:-1].split("\t")
    if len(parts) != 4 or not PERIOD.match(parts[0]) or not parts[3].isdigit():
        return None
    metric, item = unescape(parts[1]), unescape(parts[2])
    n = int(parts[3])
    if metric is None or item is None or not metric or not 0 < n < MAX_COUNT:
        return None
    return (parts[0], metric, item), n


def escape(field: str) -> str:
    return "".join(ESCAPES.get(c, c) for c in field) if "\\" in field or not field.isprintable() else field


def unescape(field: str) -> str | None:
    if "\\" not in field:
        return field
    try:
        return UNESCAPE.sub(lambda m: UNESCAPES[m.group(1)], field)
    except KeyError:
        return None


class Spool:
    def __init__(self, folder: Path):
        self.folder = folder
        self._complained = False

    def write(self, counts: Mapping[Key, int]) -> Path:
        """Writes counts to a new spool file, durably; returns its path."""
        self.folder.mkdir(parents=True, exist_ok=True)
        spool_id = uuid.uuid4().hex
        writing = self.folder / f"{spool_id}{WRITING}{os.getpid()}"
        lines = "".join(f"{p}\t{escape(m)}\t{escape(i)}\t{n}\n" for (p, m, i), n in counts.items())
        with open(writing, "a", encoding="utf-8") as file:
            file.write(lines)
            file.flush()
            os.fsync(file.fileno())
        ready = self.folder / f"{spool_id}{READY}"
        os.rename(writing, ready)
        self._sync_folder()
        return ready

    def files(self) -> list[Path]:
        """Spool files some process should deliver: ready ones, and those of processes that died."""
        try:
            entries = list(os.scandir(self.folder))
        except FileNotFoundError:
            return []
        except OSError as error:  # not a folder, not readable: counting goes on without it
            if not self._complained:
                self._complained = True
                log.error("counting: cannot read the spool folder %s (%s)", self.folder, error)
            return []
        found = []
        for entry in entries:
            match = NAME.match(entry.name)
            if not match:
                continue
            pid = int(match["pid"] or 0)
            if match["state"] == READY or (pid and pid != os.getpid() and not alive(pid)):
                found.append(Path(entry.path))
        return sorted(found)

    def deliver(self, store: Store) -> int:
        """Delivers every spool file that is ready to the store; returns how many counts arrived.

        A store error is raised after the file was put back, so the next round tries again.
        """
        delivered = 0
        for path in self.files():
            spool_id = path.name[:32]
            claimed = self.folder / f"{spool_id}{DELIVERING}{os.getpid()}"
            try:
                os.rename(path, claimed)
            except FileNotFoundError:
                continue  # another worker claimed it first
            try:
                counts = self.read(claimed)
            except OSError as error:
                # Never blocks the counting: the file is set aside, for a person to look at.
                os.rename(claimed, path.with_name(f"{spool_id}{UNREADABLE}"))
                log.error("counting: the spool file %s cannot be read (%s); set aside", spool_id, error)
                continue
            try:
                added = store.add(counts, spool_id=spool_id)
            except BaseException:
                os.rename(claimed, path.with_name(f"{spool_id}{READY}"))
                raise
            claimed.unlink()
            self._sync_folder()
            if added:
                delivered += sum(counts.values())
                log.warning(
                    "counting: %d counts from the spool file %s delivered to the %s",
                    sum(counts.values()),
                    spool_id,
                    store.description,
                )
            else:
                log.warning("counting: the spool file %s was delivered before; removed", spool_id)
        return delivered

    def read(self, path: Path) -> Counter[Key]:
        counts: Counter[Key] = Counter()
        skipped = 0
        with open(path, encoding="utf-8", errors="replace", newline="") as file:
            for line in file:
                parsed = parse_line(line)
                if parsed is None:
                    skipped += 1
                else:
                    counts[parsed[0]] += parsed[1]
        if skipped:
            log.error("counting: %d unreadable lines skipped in the spool file %s", skipped, path.name)
        return counts

    def _sync_folder(self) -> None:
        # The rename is durable only once the folder itself is on disk.
        descriptor = os.open(self.folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
