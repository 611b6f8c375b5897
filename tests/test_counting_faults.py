"""No count lost at a stop while the store is locked or down: the real server (granian, two
workers) spools what it could not write, and the next start delivers it exactly once."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from pathlib import Path

import psycopg
import pytest

from tests.support.counts import sqlite_rows
from tests.support.postgres import start_postgres
from tests.support.server import LiveServer, start_server
from tests.test_counting_concurrency import FAST_FLUSH, drop_counts, hammer, pg_rows, totals, wait_for

PAGE = ("page", "/nl/privacy")
# A stop must leave time to spare before the server kills a worker (WORKER_KILL_SECONDS, 10 s).
STOP_SECONDS = 6


@pytest.fixture(scope="module")
def postgres():
    server = start_postgres()
    yield server
    server.remove()


def spooled(log: str) -> int:
    return sum(int(n) for n in re.findall(r"counting: (\d+) counts the .* did not take are kept", log))


def spool_files(folder: Path) -> list[str]:
    return sorted(os.listdir(folder)) if folder.exists() else []


def stop_within_bounds(server: LiveServer) -> str:
    seconds = server.stop()
    log = server.logs()
    assert seconds <= STOP_SECONDS, f"the stop took {seconds:.1f} s:\n{log}"
    assert "counts lost" not in log and "Traceback" not in log, log
    return log


def restart_and_deliver(tmp_path, env, read, n: int, servers: int = 1) -> None:
    """Start with a healthy store: the spool arrives, once; a second start adds nothing."""
    started = [start_server(tmp_path, env=env, workers=2) for _ in range(servers)]
    try:
        found = wait_for(read, PAGE, n)
        deadline = time.monotonic() + 10
        while spool_files(Path(env["HULPWIJZER_COUNTS_SPOOL"])) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        for server in started:
            stop_within_bounds(server)
    assert found[PAGE] == n
    assert spool_files(Path(env["HULPWIJZER_COUNTS_SPOOL"])) == []
    stop_within_bounds(start_server(tmp_path, env=env, workers=2))
    assert totals(read())[PAGE] == n, "a second start must not deliver the spool again"
    assert totals(read())[("visit", "site")] == n // 3


def test_sqlite_locked_at_the_stop_loses_nothing(tmp_path):
    db = tmp_path / "counts.sqlite3"
    env = {
        **FAST_FLUSH,
        "DATABASE_URL": f"sqlite:///{db}",
        "HULPWIJZER_COUNTS_SPOOL": str(tmp_path / "spool"),
    }
    server = start_server(tmp_path, env=env, workers=2)
    time.sleep(0.5)  # the readiness probe is written before the lock
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        hammer([server.url], 300)
        time.sleep(1)  # the writers try (and give up) meanwhile
        log = stop_within_bounds(server)
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert spooled(log) >= 300 + 100
    assert totals(sqlite_rows(db))[PAGE] == 0
    assert spool_files(tmp_path / "spool")
    restart_and_deliver(tmp_path, env, lambda: sqlite_rows(db), 300)


def test_postgresql_locked_at_the_stop_loses_nothing(tmp_path, postgres):
    drop_counts(postgres.url)
    env = {**FAST_FLUSH, "DATABASE_URL": postgres.url, "HULPWIJZER_COUNTS_SPOOL": str(tmp_path / "spool")}
    server = start_server(tmp_path, env=env, workers=2)
    with psycopg.connect(postgres.url) as locker:
        locker.execute("LOCK TABLE counts IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        hammer([server.url], 300)
        assert time.monotonic() - started < 15, "pages must not wait for the counts' store"
        time.sleep(1.5)
        log = stop_within_bounds(server)
        locker.rollback()
    # 300 page loads, 100 of them visits, and the readiness probe (a rejected request).
    assert spooled(log) == 300 + 100 + 1, log
    assert totals(pg_rows(postgres.url))[PAGE] == 0
    restart_and_deliver(tmp_path, env, lambda: pg_rows(postgres.url), 300)


def test_postgresql_down_at_the_stop_loses_nothing(tmp_path, postgres):
    drop_counts(postgres.url)
    env = {**FAST_FLUSH, "DATABASE_URL": postgres.url, "HULPWIJZER_COUNTS_SPOOL": str(tmp_path / "spool")}
    server = start_server(tmp_path, env=env, workers=2)
    postgres.stop()
    try:
        hammer([server.url], 300)
        time.sleep(1)
        log = stop_within_bounds(server)
    finally:
        postgres.start()
    assert spooled(log) >= 300 + 100, log
    restart_and_deliver(tmp_path, env, lambda: pg_rows(postgres.url), 300)


def test_two_servers_on_one_postgresql_deliver_a_shared_spool_once(tmp_path, postgres):
    """Both servers stop with the table locked and leave a file per worker; both start at once."""
    drop_counts(postgres.url)
    env = {**FAST_FLUSH, "DATABASE_URL": postgres.url, "HULPWIJZER_COUNTS_SPOOL": str(tmp_path / "spool")}
    servers = [start_server(tmp_path, env=env, workers=2) for _ in range(2)]
    with psycopg.connect(postgres.url) as locker:
        locker.execute("LOCK TABLE counts IN ACCESS EXCLUSIVE MODE")
        hammer([s.url for s in servers], 600)
        time.sleep(1.5)
        logs = [stop_within_bounds(server) for server in servers]
        locker.rollback()
    # The readiness probes may have been written before the lock.
    assert sum(spooled(log) for log in logs) >= 600 + 200
    assert len(spool_files(tmp_path / "spool")) >= 2
    restart_and_deliver(tmp_path, env, lambda: pg_rows(postgres.url), 600, servers=2)


def test_deliverers_racing_on_one_postgresql_add_every_file_once(tmp_path, postgres):
    """Four deliverers at once on 40 files, one of them delivered before (a crash before its delete)."""
    from concurrent.futures import ThreadPoolExecutor

    from hulpwijzer.recording.spool import Spool
    from hulpwijzer.recording.store import PostgresStore

    drop_counts(postgres.url)
    store = PostgresStore(postgres.url)
    spool = Spool(tmp_path / "spool")
    paths = [spool.write({("2026-12-06", "page", "/nl/privacy"): n + 1}) for n in range(40)]
    again = paths[0].read_bytes()
    spool.deliver(store)
    assert totals(pg_rows(postgres.url))[PAGE] == sum(range(1, 41))
    paths[0].write_bytes(again)  # back, as after a crash between the commit and the delete
    for _ in range(40):
        spool.write({("2026-12-06", "page", "/nl/privacy"): 1000})
    with ThreadPoolExecutor(4) as pool:
        delivered = list(
            pool.map(lambda _: Spool(tmp_path / "spool").deliver(PostgresStore(postgres.url)), range(4))
        )
    assert sum(delivered) == 40 * 1000
    assert totals(pg_rows(postgres.url))[PAGE] == sum(range(1, 41)) + 40 * 1000
    assert spool_files(tmp_path / "spool") == []
