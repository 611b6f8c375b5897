"""Exact counts under concurrency on the real server (granian): several workers, two servers
sharing PostgreSQL, a stop right after the load, and a PostgreSQL that blocks every write."""

from __future__ import annotations

import signal
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from tests.support.counts import BROWSER, sqlite_rows
from tests.support.postgres import start_postgres
from tests.support.server import start_server

FAST_FLUSH = {"HULPWIJZER_COUNTS_FLUSH_SECONDS": "0.2"}
# Nothing is written while the server runs: every count must come from the workers' exit flush.
NO_FLUSH = {"HULPWIJZER_COUNTS_FLUSH_SECONDS": "3600"}


@pytest.fixture(scope="module")
def postgres():
    server = start_postgres()
    yield server
    server.remove()


def fetch(url: str, entry: bool) -> int:
    headers = {"User-Agent": BROWSER, "Sec-Fetch-Site": "none" if entry else "same-origin"}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
        return response.status


def hammer(urls: list[str], n: int) -> None:
    """n page loads spread over the servers, every third one an entry from outside."""
    jobs = [(urls[i % len(urls)] + "/nl/privacy", i % 3 == 0) for i in range(n)]
    with ThreadPoolExecutor(max_workers=32) as pool:
        statuses = list(pool.map(lambda job: fetch(*job), jobs))
    assert statuses == [200] * n


def totals(rows) -> Counter:
    found: Counter = Counter()
    for _period, metric, item, n in rows:
        found[(metric, item)] += n
    return found


def wait_for(read, key, expected: int, seconds: float = 20) -> Counter:
    deadline = time.monotonic() + seconds
    while True:
        found = totals(read())
        if found[key] >= expected or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_sqlite_counts_exactly_over_several_workers(tmp_path):
    db = tmp_path / "counts.sqlite3"
    env = {**FAST_FLUSH, "DATABASE_URL": f"sqlite:///{db}"}
    server = start_server(tmp_path, env=env, workers=2)
    try:
        hammer([server.url], 600)
        # start_server's own readiness probe is a page load too (without a browser's user agent).
        found = wait_for(lambda: sqlite_rows(db), ("page", "/nl/privacy"), 600)
        assert found[("page", "/nl/privacy")] == 600
        assert found[("visit", "site")] == 200
    finally:
        server.stop()
    found = totals(sqlite_rows(db))
    assert found[("page", "/nl/privacy")] == 600, "the exit flush must not count anything twice"
    assert found[("visit", "site")] == 200


def pg_rows(url: str):
    with psycopg.connect(url) as connection:
        return list(connection.execute("SELECT period, metric, item, n FROM counts"))


def drop_counts(url: str) -> None:
    """The cluster is shared by this module's tests: each starts without a counts table."""
    with psycopg.connect(url) as connection:
        connection.execute("DROP TABLE IF EXISTS counts")


def test_two_servers_sharing_postgresql_count_exactly(tmp_path, postgres):
    drop_counts(postgres.url)
    env = {**FAST_FLUSH, "DATABASE_URL": postgres.url}
    servers = [start_server(tmp_path, env=env, workers=2) for _ in range(2)]
    try:
        hammer([s.url for s in servers], 900)
        found = wait_for(lambda: pg_rows(postgres.url), ("page", "/nl/privacy"), 900)
        assert found[("page", "/nl/privacy")] == 900
        assert found[("visit", "site")] == 300
    finally:
        for server in servers:
            server.stop()
    found = totals(pg_rows(postgres.url))
    assert found[("page", "/nl/privacy")] == 900
    assert found[("visit", "site")] == 300


def test_postgresql_down_pages_still_served_and_counts_retried(tmp_path, postgres):
    drop_counts(postgres.url)
    server = start_server(tmp_path, env={**FAST_FLUSH, "DATABASE_URL": postgres.url}, workers=1)
    try:
        postgres.stop()
        try:
            hammer([server.url], 50)
            time.sleep(1)  # several rounds of the writer fail meanwhile
        finally:
            postgres.start()
        assert server.logs().count("counting: cannot write to the PostgreSQL database") == 1
        found = wait_for(lambda: pg_rows(postgres.url), ("page", "/nl/privacy"), 50)
        assert found[("page", "/nl/privacy")] == 50
        assert server.logs().count("works again") == 1
    finally:
        server.stop()


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_stopping_the_server_writes_every_workers_counts(tmp_path, stop_signal):
    """granian's workers end with os._exit(): the exit flush must still run in each of them."""
    db = tmp_path / "counts.sqlite3"
    server = start_server(tmp_path, env={**NO_FLUSH, "DATABASE_URL": f"sqlite:///{db}"}, workers=2)
    try:
        hammer([server.url], 1500)
        assert not db.exists() or totals(sqlite_rows(db))[("page", "/nl/privacy")] == 0
        server.process.send_signal(stop_signal)
        server.process.wait(timeout=15)
    finally:
        server.stop()
    found = totals(sqlite_rows(db))
    assert found[("page", "/nl/privacy")] == 1500
    assert found[("visit", "site")] == 500


def test_two_servers_on_postgresql_stopped_right_after_the_load_count_exactly(tmp_path, postgres):
    drop_counts(postgres.url)
    env = {**NO_FLUSH, "DATABASE_URL": postgres.url}
    servers = [start_server(tmp_path, env=env, workers=2) for _ in range(2)]
    try:
        hammer([s.url for s in servers], 1200)
    finally:
        for server in servers:
            server.stop()
    found = totals(pg_rows(postgres.url))
    assert found[("page", "/nl/privacy")] == 1200
    assert found[("visit", "site")] == 400
