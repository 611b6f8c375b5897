"""Benchmark: each page's throughput as a ratio to the bare-WSGI limit of the same stack.

    .venv/bin/python -m bench.run [--duration 10] [--connections 16] [--workers 2]

Starts gunicorn (sync workers) on 127.0.0.1 for the site (counting on, then off)
and for the two baselines, drives each URL with wrk for a bounded time, and prints
requests/s, p50 and p99 latency and the ratio to the bare-WSGI limit. Only
loopback is ever contacted. Needs Debian's `wrk`.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.pages import benchmark_paths

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 0.6


@dataclass
class Result:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    size: int


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(app: str, workers: int, env: dict[str, str] | None = None):
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "/dev/null",
        app,
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if process.poll() is not None:
                raise RuntimeError(f"{app} did not start:\n{process.stderr.read()}")
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def drive(name: str, url: str, duration: int, connections: int) -> Result:
    size = len(urllib.request.urlopen(url, timeout=5).read())
    output = subprocess.run(
        [
            "wrk",
            "--threads",
            "2",
            "--connections",
            str(connections),
            "--duration",
            f"{duration}s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"{name}: {url} answered with errors under load:\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = to_ms(re.search(r"50%\s+(\S+)", output).group(1))
    p99 = to_ms(re.search(r"99%\s+(\S+)", output).group(1))
    return Result(name, rps, p50, p99, size)


def startup_seconds() -> float:
    code = (
        "import time; t=time.perf_counter(); from hulpwijzer import create_app; create_app(); "
        "print(time.perf_counter()-t)"
    )
    return float(
        subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL (default 10)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    results: list[Result] = []
    with gunicorn("bench.baselines:bare", args.workers) as base:
        results.append(drive("baseline: bare WSGI", base + "/", args.duration, args.connections))
    with gunicorn("bench.baselines:static", args.workers) as base:
        results.append(
            drive("baseline: Flask static file", base + "/static/page.html", args.duration, args.connections)
        )
    for counting in ("on", "off"):
        with gunicorn("wsgi:app", args.workers, {"HULPWIJZER_COUNTING": counting}) as base:
            for name, path in benchmark_paths():
                results.append(
                    drive(f"{name} (counting {counting})", base + path, args.duration, args.connections)
                )
    limit = results[0].requests_per_second
    print(
        f"\n{platform.node()} · {os.cpu_count()} cores · {time.strftime('%Y-%m-%d')} · "
        f"{args.workers} sync workers · {args.connections} connections · {args.duration}s per URL\n"
    )
    print(f"{'page':<44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'bytes':>7} {'ratio':>6}")
    failures = []
    for r in results:
        ratio = r.requests_per_second / limit
        print(
            f"{r.name:<44} {r.requests_per_second:>8.0f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f} "
            f"{r.size:>7} {ratio:>6.2f}"
        )
        if "counting on" in r.name and ratio < TARGET_RATIO:
            failures.append(r.name)
    print(f"\ncontent loading and validation at start-up: {startup_seconds():.2f} s")
    if failures:
        print(f"below the target of {TARGET_RATIO} of the limit: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
