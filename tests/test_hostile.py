"""The real server (granian, 2 workers) under hostile traffic, as an attacker would send it.

Over ten thousand generated requests (tests/support/hostile.py) on kept-alive
connections from a few threads: never a 5xx, never a cookie, the security
headers on every response the app gives, and afterwards one log line per answer
and a log without a traceback, a query string, a user agent or an address. Then
slow clients, hundreds of slow bodies and idle connections, expensive headers
and a flood of 32 KB headers: the site keeps answering others within a second,
and each worker's memory stays under its bound (docs/deployment.md).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from hulpwijzer.serving.security import SECURITY_HEADERS
from tests.support.hostile import AGENT_MARK, FORWARDED_ADDRESS, QUERY_MARK, Case, Generator
from tests.support.rawhttp import Closed, Connection, build
from tests.support.server import start_server

MINIMUM_REQUESTS = 10_000
THREADS = 4
SECURITY = {name.lower(): value for name, value in SECURITY_HEADERS.items()}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    env = {
        "HULPWIJZER_ACCESS_LOG": "on",
        "STATS_USER": "staff",
        "STATS_PASSWORD": "a long and right password",
        "DATABASE_URL": f"sqlite:///{folder}/counts.sqlite3",
    }
    server = start_server(folder, env=env, workers=2)
    yield server
    server.stop()


def generated(app, crawled, host: str) -> list[Case]:
    rules = sorted({r.rule for r in app.url_map.iter_rules() if r.endpoint != "static"})
    by_type: dict[tuple[str, str], str] = {}
    for url, response in crawled.items():
        path = urlsplit(url).path
        if response.status_code == 200 and response.mimetype == "text/html":
            endpoint, values = app.url_map.bind("localhost").match(path)
            by_type.setdefault((endpoint, values.get("lang", "")), url)
    urls = sorted(by_type.values())
    fields = ["topic", "age", "gender", "platform", "answer", "year", "from", "to", "p", "voortgang"]
    generator = Generator(rules, urls, fields, host)
    cases = list(generator.cases())
    return cases + list(generator.random_cases(max(0, MINIMUM_REQUESTS + 500 - len(cases))))


def problems_in(case: Case, reply) -> list[str]:
    found = []
    if reply.status >= 500:
        found.append(f"{reply.status}")
    if reply.all("set-cookie"):
        found.append("Set-Cookie")
    from_app = reply.header("content-security-policy") is not None
    if from_app or not case.protocol:
        missing = [name for name, value in SECURITY.items() if reply.header(name) != value]
        if missing:
            found.append(f"without {missing}")
    location = reply.header("location")
    if location and not location.startswith("/") or (location or "").startswith("//"):
        found.append(f"Location {location}")
    return found


def run(port: int, cases: list[Case]) -> tuple[Counter, list[str]]:
    """Sends every case; statuses counted, and "app" for each answer the app gave (its headers)."""
    statuses: Counter = Counter()
    failures: list[str] = []

    def worker(share: list[Case]) -> None:
        connection = Connection("127.0.0.1", port)
        for case in share:
            if case.alone:
                connection.close()
            try:
                if case.pipelined > 1:
                    replies = connection.pipelined(case.raw, case.pipelined)
                    if len(replies) != case.pipelined:
                        failures.append(f"{case.label}: {len(replies)} answers")
                else:
                    replies = [connection.send(case.raw, head=case.head)]
            except (Closed, ConnectionError, TimeoutError, ValueError):
                if not case.protocol:
                    failures.append(f"{case.label}: connection closed without an answer")
                statuses["closed"] += 1
                connection.close()
                continue
            finally:
                if case.alone:
                    connection.close()
            for reply in replies:
                statuses[reply.status] += 1
                statuses["app"] += reply.header("content-security-policy") is not None
                failures.extend(f"{case.label}: {problem}" for problem in problems_in(case, reply))
        connection.close()

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(worker, [cases[i::THREADS] for i in range(THREADS)]))
    return statuses, failures


ACCESS_LINE = re.compile(r'^\[[^]]+\] "\S+ [^"]*" \d{3} \d+\.\dms$')
OTHER_LINE = re.compile(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\] (INFO|WARNING|ERROR) \S+: ")


def access_lines(log: str) -> int:
    return sum(bool(ACCESS_LINE.match(line)) for line in log.splitlines())


def test_hostile_sweep(server, app, crawled):
    port = int(server.url.rsplit(":", 1)[1])
    cases = generated(app, crawled, f"127.0.0.1:{port}")
    assert len(cases) >= MINIMUM_REQUESTS
    logged_before = access_lines(server.logs())
    started = time.monotonic()
    statuses, failures = run(port, cases)
    seconds = time.monotonic() - started
    print(f"\n{len(cases)} hostile requests in {seconds:.1f} s: {dict(statuses.most_common())}")
    kinds = Counter(re.sub(r"^\S+ \S+", "", failure)[:120] for failure in failures)
    assert failures == [], f"{len(failures)} problems: {kinds.most_common(10)}; first: {failures[:5]}"
    answered = sum(n for status, n in statuses.items() if status not in ("closed", "app"))
    assert answered >= MINIMUM_REQUESTS * 0.98
    assert statuses[400] and statuses[404] and statuses[200] and statuses[403] and statuses[405]
    assert statuses[303] and statuses[431]
    deadline = time.monotonic() + 10  # the workers write their last lines a moment later
    while access_lines(server.logs()) - logged_before < statuses["app"] and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
    log = server.logs()
    # One line per request the app answered, and no line that is neither an access line nor a
    # server or app message (a forged or broken-up line would be).
    # (A request whose answer the client could not read, "closed", may have been logged too.)
    logged = access_lines(log) - logged_before
    assert statuses["app"] <= logged <= statuses["app"] + statuses["closed"], (logged, statuses)
    strays = [line for line in log.splitlines() if not ACCESS_LINE.match(line) and not OTHER_LINE.match(line)]
    assert strays == [], strays[:5]
    assert AGENT_MARK not in log, "a user agent reached the log"
    assert '"GET /nl/' in log, "the access log is on, so what it leaves out means something"
    assert "Traceback" not in log and "unexpected" not in log, log[-3000:]
    assert QUERY_MARK not in log, "a query string reached the log"
    assert FORWARDED_ADDRESS not in log
    addresses = [line for line in log.splitlines() if re.search(r"\d+\.\d+\.\d+\.\d+", line)]
    assert all("Listening at" in line for line in addresses), addresses[:5]


def slow_client(port: int, at_once: bytes, dribbled: bytes, stop: threading.Event) -> None:
    """Sends the first part of a request at once, then the rest a byte at a time, until told to stop."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(at_once)
        for byte in dribbled:
            if stop.wait(0.3):
                return
            try:
                sock.send(bytes([byte]))
            except OSError:
                return


def probe(url: str) -> float:
    parts = urlsplit(url)
    started = time.monotonic()
    connection = Connection(parts.hostname, parts.port, timeout=5)
    reply = connection.send(build("GET", "/nl/privacy", parts.netloc, [("Connection", "close")]))
    connection.close()
    assert reply.status == 200
    return time.monotonic() - started


def test_twenty_slow_clients_do_not_keep_others_waiting(server):
    """Slowloris: 10 clients dribble their headers, 10 their form bodies; a visitor is still served."""
    port = int(server.url.rsplit(":", 1)[1])
    host = f"127.0.0.1:{port}"
    slow_headers = build("GET", "/nl/", host, [("User-Agent", "slow " * 40)])
    # The headers at once, so the app is called and reads a body that hardly comes.
    slow_body = build(
        "POST",
        "/nl/advies/vragen",
        host,
        [("Content-Type", "application/x-www-form-urlencoded"), ("Content-Length", "4000")],
    )
    stop = threading.Event()
    clients = [
        threading.Thread(
            target=slow_client,
            args=(port, b"", slow_headers, stop)
            if i % 2
            else (port, slow_body, b"topic=" + b"x" * 3994, stop),
        )
        for i in range(20)
    ]
    for client in clients:
        client.start()
    try:
        time.sleep(1.5)  # every slow client is connected and has started sending
        waits = [probe(server.url) for _ in range(5)]
    finally:
        stop.set()
        for client in clients:
            client.join()
    assert max(waits) < 1.0, waits


def test_expensive_headers_do_not_stall_a_worker(server):
    """Ten 8,000-character user agents in one request held a worker for 30 s before."""
    port = int(server.url.rsplit(":", 1)[1])
    host = f"127.0.0.1:{port}"
    heavy = build("GET", "/nl/", host, [("User-Agent", f"{i}" * 8000) for i in range(10)])

    def send_heavy(_):
        connection = Connection("127.0.0.1", port)
        try:
            return connection.send(heavy).status
        finally:
            connection.close()

    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(send_heavy, range(8)))
    assert all(status < 500 for status in statuses), statuses
    assert time.monotonic() - started < 5
    assert probe(server.url) < 1.0


# What a flood of 32 KB headers may add to a worker's memory, and the most it may hold then,
# whatever the tests before left in its caches (docs/deployment.md).
FLOOD_GROWTH_BOUND_MB = 100
WORKER_MEMORY_BOUND_MB = 300


def open_slow_connections(port: int, slow_bodies: int, idle: int) -> list[socket.socket]:
    """Connections that hold the server: form bodies that hardly come, and idle keep-alives."""
    host = f"127.0.0.1:{port}"
    head = build(
        "POST",
        "/nl/stoppen/1",
        host,
        [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Content-Length", "4000"),
            ("Sec-Fetch-Site", "same-origin"),
        ],
    )
    sockets = []
    for _ in range(slow_bodies):
        sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        sock.sendall(head + b"a")  # the app is called, and its thread waits for the rest
        sockets.append(sock)
    for _ in range(idle):
        sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        sock.sendall(build("GET", "/nl/", host))  # answered, then kept open and silent
        sockets.append(sock)
    return sockets


def test_hundreds_of_slow_bodies_and_idle_connections_leave_visitors_served(server):
    """300 form bodies trickling a byte every half second and 300 idle keep-alives at once:
    at 128 connections per worker (before) both left visitors waiting for good."""
    port = int(server.url.rsplit(":", 1)[1])
    sockets = open_slow_connections(port, slow_bodies=300, idle=300)
    stop = threading.Event()

    def trickle() -> None:
        while not stop.wait(0.5):
            for sock in sockets[:300]:
                try:
                    sock.send(b"a")
                except OSError:
                    pass

    trickler = threading.Thread(target=trickle)
    trickler.start()
    try:
        time.sleep(2)  # every slow body has reached the app
        waits = [probe(server.url) for _ in range(10)]
        still_open = 0
        for sock in sockets[:300]:
            sock.setblocking(False)
            try:
                still_open += sock.recv(1) != b""
            except BlockingIOError:
                still_open += 1
    finally:
        stop.set()
        trickler.join()
        for sock in sockets:
            sock.close()
    assert still_open == 300, "the slow bodies were all still being read"
    assert max(waits) < 1.0, waits


def worker_memory_mb(server) -> dict[int, int]:
    pid = server.process.pid
    found = {}
    for child in open(f"/proc/{pid}/task/{pid}/children").read().split():
        with open(f"/proc/{child}/status") as status:
            rss = next(line for line in status if line.startswith("VmRSS:"))
        found[int(child)] = int(rss.split()[1]) // 1024
    return found


def test_a_flood_of_32_kb_headers_keeps_each_worker_under_its_memory_bound(server):
    """Made-up 32 KB user agents and fetch headers on every request, from 8 connections for 10 s."""
    port = int(server.url.rsplit(":", 1)[1])
    big = "v" * 32 * 1024
    stop = threading.Event()
    sent = Counter()
    peak: Counter = Counter()

    def flood(n: int) -> None:
        connection = Connection("127.0.0.1", port)
        while not stop.is_set():
            agent = f"Mozilla/5.0 ({n} {sent[n]}) " + "u" * 32 * 1024
            headers = [("User-Agent", agent), ("Sec-Fetch-Site", big), ("Sec-Fetch-Dest", big)]
            try:
                assert connection.send(build("GET", "/nl/privacy", f"127.0.0.1:{port}", headers)).status < 500
            except (Closed, ConnectionError):
                connection.close()
            sent[n] += 1

    before = worker_memory_mb(server)
    threads = [threading.Thread(target=flood, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            time.sleep(0.5)
            for pid, mb in worker_memory_mb(server).items():
                peak[pid] = max(peak[pid], mb)
        waits = [probe(server.url) for _ in range(3)]
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    print(
        f"\n{sum(sent.values())} requests with 96 KB of headers; memory per worker {before} → {dict(peak)} MB"
    )
    assert sum(sent.values()) > 1000
    assert len(peak) == 2 and max(peak.values()) < WORKER_MEMORY_BOUND_MB, peak
    assert max(peak[pid] - before[pid] for pid in peak) < FLOOD_GROWTH_BOUND_MB, (before, peak)
    assert max(waits) < 1.0, waits
