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
# A real browser's user agent, so counting takes its full path (a request without
# one is rejected early and would make "counting on" look cheaper than it is).
BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Mobile Safari/537.36"
)


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
    match = re.match(r"([\d.]+)(us|ms|s|m)$", value)
    if match is None:
        raise ValueError(f"unexpected latency from wrk: {value!r}")
    number, unit = match.groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def drive(name: str, url: str, duration: int, connections: int) -> Result:
    size = len(urllib.request.urlopen(url, timeout=5).read())
    # Warm up (fill the page cache, start the workers' lazy parts), then measure.
    subprocess.run(
        ["wrk", "--threads", "1", "--connections", "2", "--duration", "1s", url],
        capture_output=True,
        check=True,
    )
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
            "--header",
            f"User-Agent: {BROWSER}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"{name}: {url} answered with errors under load:\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = to_ms(re.search(r"^\s*50%\s+(\S+)", output, re.M).group(1))
    p99 = to_ms(re.search(r"^\s*99%\s+(\S+)", output, re.M).group(1))
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
    parser.add_argument("--no-page-cache", action="store_true", help="render every request (for comparison)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    paths = benchmark_paths()
    with gunicorn("wsgi:app", args.workers) as base:
        sizes = {path: len(urllib.request.urlopen(base + path, timeout=5).read()) for _, path in paths}
    env = {"BENCH_SIZES": ",".join(str(size) for size in set(sizes.values()))}
    bare: dict[int, Result] = {}
    static: dict[int, Result] = {}
    with gunicorn("bench.baselines:bare", args.workers, env) as base:
        for size in sorted(set(sizes.values())):
            bare[size] = drive(
                f"bare WSGI, {size} bytes", f"{base}/?size={size}", args.duration, args.connections
            )
    with gunicorn("bench.baselines:static", args.workers, env) as base:
        for size in sorted(set(sizes.values())):
            static[size] = drive(
                f"Flask static file, {size} bytes",
                f"{base}/static/{size}.html",
                args.duration,
                args.connections,
            )
    pages: list[tuple[str, Result]] = []
    for counting in ("on", "off"):
        with gunicorn(
            "wsgi:app",
            args.workers,
            {"HULPWIJZER_COUNTING": counting, "HULPWIJZER_PAGE_CACHE": "off" if args.no_page_cache else "on"},
        ) as base:
            for name, path in paths:
                pages.append(
                    (
                        path,
                        drive(f"{name} (counting {counting})", base + path, args.duration, args.connections),
                    )
                )
    print(
        f"\n{platform.node()} · {os.cpu_count()} cores · {time.strftime('%Y-%m-%d')} · "
        f"{args.workers} sync workers · {args.connections} connections · {args.duration}s per URL"
    )
    print("ratio = requests/s ÷ requests/s of a bare WSGI callable returning the same number of bytes\n")
    print(f"{'what':<40} {'bytes':>6} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'ratio':>6}")
    failures = []
    rows = [(r, bare[r.size]) for r in [*bare.values(), *static.values()]]
    rows += [(r, bare[sizes[path]]) for path, r in pages]
    for result, limit in rows:
        ratio = result.requests_per_second / limit.requests_per_second
        print(
            f"{result.name:<40} {result.size:>6} {result.requests_per_second:>7.0f} "
            f"{result.p50_ms:>7.2f} {result.p99_ms:>7.2f} {ratio:>6.2f}"
        )
        if "counting on" in result.name and ratio < TARGET_RATIO:
            failures.append(result.name)
    print(f"\ncontent loading and validation at start-up: {startup_seconds():.2f} s")
    if failures:
        print(f"below the target of {TARGET_RATIO} of the limit: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
