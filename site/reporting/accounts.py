"""The staff accounts file: one `name:argon2id-hash` line per person, never in the repository.

Written only by `flask staff` (site/reporting/staff_cli.py): the whole file at once, to a
temporary file that is renamed over it (a reader sees the old file or the new one, never half),
mode 0600. The site reads it again whenever it changes, so a removed account is refused at once.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger("hulpwijzer.reporting.accounts")

# What a staff name may be: letters, digits and . _ - @ + (an e-mail address works); the
# browser's login box sends it as typed, so names are compared in lower case.
NAME = re.compile(r"[a-z0-9][a-z0-9._@+-]{0,99}")
HEADER = "# hulpwijzer staff accounts: name:argon2id hash. Change with `flask --app wsgi staff`.\n"


def normal_name(name: str) -> str:
    return name.strip().lower()


def valid_name(name: str) -> bool:
    return NAME.fullmatch(name) is not None


def parse(text: str, source: str) -> dict[str, str]:
    """{name: hash}; a damaged line is logged by its number (never its text) and skipped."""
    found: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, stored = line.partition(":")
        if not valid_name(name) or not stored.startswith("$argon2"):
            log.error("%s:%d: not a staff account (name:argon2 hash); line ignored", source, number)
            continue
        found[name] = stored
    return found


class AccountFile:
    """The accounts in one file, read again when the file on disk is replaced or changed."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self._seen: tuple[int, int, int] | None = None
        self._accounts: dict[str, str] = {}
        self._lock = threading.Lock()

    def accounts(self) -> dict[str, str]:
        """{name: hash} as the file holds them now; {} when there is no file (or it cannot be read)."""
        try:
            info = self.path.stat()
            signature = (info.st_ino, info.st_mtime_ns, info.st_size)
        except FileNotFoundError:
            signature = None
        except OSError as error:
            log.error("staff accounts: cannot read %s (%s)", self.path, error.__class__.__name__)
            return {}
        with self._lock:
            if signature != self._seen:
                self._accounts = self._read() if signature else {}
                self._seen = signature
            return self._accounts

    def _read(self) -> dict[str, str]:
        try:
            text = self.path.read_text(encoding="utf-8")
            mode = self.path.stat().st_mode
        except (OSError, UnicodeDecodeError) as error:
            log.error("staff accounts: cannot read %s (%s)", self.path, error.__class__.__name__)
            return {}
        if mode & 0o077:
            log.warning("staff accounts: %s can be read by others; chmod 600 it", self.path)
        return parse(text, str(self.path))

    @contextmanager
    def changing(self) -> Iterator[dict[str, str]]:
        """The accounts to change in place; written back when the block ends without an error.

        A lock file beside it keeps two `flask staff` commands from losing each other's change.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        with open(os.open(lock_path, os.O_WRONLY | os.O_CREAT, 0o600), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._seen = None
            accounts = dict(self.accounts())
            yield accounts
            self._write(accounts)

    def _write(self, accounts: dict[str, str]) -> None:
        text = HEADER + "".join(f"{name}:{stored}\n" for name, stored in sorted(accounts.items()))
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with open(descriptor, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, self.path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        folder = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
