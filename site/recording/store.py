"""Where the aggregate counts live: one table, the same in SQLite and PostgreSQL.

A row is (period, metric, item, n): period is a day "YYYY-MM-DD" or, for the
voluntary questions, a month "YYYY-MM". Nothing else is stored, so nothing in
the store can point to a visitor. Every write is an atomic upsert that adds to
n, so any number of processes can write at once without losing a count.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from contextlib import closing
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

Key = tuple[str, str, str]  # (period, metric, item)

SCHEMA = """
CREATE TABLE IF NOT EXISTS counts (
    period TEXT NOT NULL,
    metric TEXT NOT NULL,
    item TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (period, metric, item)
)
"""
# The random ids of spool files already delivered (spool.py): a file delivered again adds nothing.
SPOOLS = "CREATE TABLE IF NOT EXISTS delivered_spools (id TEXT PRIMARY KEY)"
CLAIM_SPOOL = "INSERT INTO delivered_spools (id) VALUES ({p}) ON CONFLICT (id) DO NOTHING"
UPSERT = (
    "INSERT INTO counts (period, metric, item, n) VALUES ({p}, {p}, {p}, {p}) "
    "ON CONFLICT (period, metric, item) DO UPDATE SET n = counts.n + excluded.n"
)
SELECT = "SELECT period, metric, item, n FROM counts WHERE period >= {p} AND period <= {p}"


# A locked database makes a write give up after this, so the writer retries on its next round
# and a stopping worker spools its counts well before it is killed (server.py).
SQLITE_BUSY_SECONDS = 2


class Store(Protocol):
    description: str

    def create_schema(self) -> None: ...

    def add(self, counts: Mapping[Key, int], spool_id: str | None = None) -> bool:
        """Adds counts in one transaction; with spool_id, only if that spool was not added before."""
        ...

    def rows(self, first: str, last: str) -> list[tuple[str, str, str, int]]: ...


class SQLiteStore:
    """A file under instance/ in WAL mode: readers never block the writers."""

    def __init__(self, path: Path):
        self.path = path
        self.description = f"SQLite database {path}"

    def connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=SQLITE_BUSY_SECONDS, isolation_level=None)
        # NORMAL in WAL mode: no fsync per commit, and still never a corrupt file.
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection

    def create_schema(self) -> None:
        with self.closing() as connection:
            connection.execute(SCHEMA)
            connection.execute(SPOOLS)

    def add(self, counts: Mapping[Key, int], spool_id: str | None = None) -> bool:
        with self.closing() as connection:
            connection.execute(SCHEMA)
            connection.execute(SPOOLS)
            connection.execute("BEGIN IMMEDIATE")
            try:
                claim = CLAIM_SPOOL.format(p="?")
                new = spool_id is None or connection.execute(claim, (spool_id,)).rowcount == 1
                if new:
                    connection.executemany(UPSERT.format(p="?"), [(*key, n) for key, n in counts.items()])
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
            return new

    def rows(self, first: str, last: str) -> list[tuple[str, str, str, int]]:
        with self.closing() as connection:
            connection.execute(SCHEMA)
            return list(connection.execute(SELECT.format(p="?"), (first, last)))

    def closing(self) -> closing[sqlite3.Connection]:
        return closing(self.connect())


# A blocked write (a lock on the table, a stuck server) gives up after these, so the writer
# retries on its next round and a stopping worker reports its loss within a few seconds.
PG_CONNECT_TIMEOUT_SECONDS = 2
PG_LOCK_TIMEOUT_MS = 1000
PG_STATEMENT_TIMEOUT_MS = 2000


class PostgresStore:
    """Several app servers share one PostgreSQL; the upsert keeps their counts exact."""

    def __init__(self, url: str):
        self.url = url
        self.ready = False
        parts = urlsplit(url)
        self.description = f"PostgreSQL database {parts.hostname or 'localhost'}:{parts.port or 5432}"

    def connect(self):
        import psycopg

        return psycopg.connect(
            self.url,
            connect_timeout=PG_CONNECT_TIMEOUT_SECONDS,
            options=f"-c lock_timeout={PG_LOCK_TIMEOUT_MS} -c statement_timeout={PG_STATEMENT_TIMEOUT_MS}",
        )

    def create_schema(self) -> None:
        with self.connect() as connection:
            connection.execute(SCHEMA)
            connection.execute(SPOOLS)
        self.ready = True

    def add(self, counts: Mapping[Key, int], spool_id: str | None = None) -> bool:
        if not self.ready:
            self.create_schema()
        # Sorted keys: two servers upserting the same rows lock them in the same order, never a deadlock.
        with self.connect() as connection, connection.cursor() as cursor:
            if spool_id is not None:
                # A second server delivering the same id waits here for the first one's commit.
                cursor.execute(CLAIM_SPOOL.format(p="%s"), (spool_id,))
                if cursor.rowcount != 1:
                    return False
            cursor.executemany(UPSERT.format(p="%s"), [(*key, counts[key]) for key in sorted(counts)])
        return True

    def rows(self, first: str, last: str) -> list[tuple[str, str, str, int]]:
        if not self.ready:
            self.create_schema()
        with self.connect() as connection:
            return list(connection.execute(SELECT.format(p="%s"), (first, last)))


def open_store(url: str | None, instance_path: Path) -> Store:
    """DATABASE_URL: unset → SQLite under instance/; sqlite:///path; postgresql://…"""
    if not url:
        return SQLiteStore(instance_path / "counts.sqlite3")
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if not path:
            raise ValueError("DATABASE_URL=sqlite:/// needs a file path, e.g. sqlite:///instance/counts.db")
        return SQLiteStore(Path(path))
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresStore(url)
    raise ValueError(
        "DATABASE_URL must start with sqlite:/// or postgresql:// "
        f"(got {urlsplit(url).scheme or url[:12]!r}…)"
    )
