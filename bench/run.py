"""Benchmark: each page's throughput as a ratio to nginx serving the same bytes from disk.

    .venv/bin/python -m bench.run [--duration 5] [--rounds 3] [--connections 16] [--workers 2]

Starts, on free loopback ports: nginx (Debian's nginx-light, a throwaway config,
access log off) serving each page's exact bytes from disk, the 1.00 baseline; a
bare WSGI callable returning the same number of bytes under granian and under
gunicorn (sync workers); and the site under its own launcher with counting on
and with counting off. Then drives each with wrk (one thread, keep-alive, a
browser's user agent so counting takes its full path) for a bounded time.

Interleaved, so that a busy neighbour tilts no ratio: in every round, for every page
type, each server is measured right next to its own nginx run (nginx first in even
rounds, last in odd ones), and that pair gives one ratio. Each page type's ratio is the
median of its rounds' ratios, printed with their spread (lowest–highest). Exits 1 if a
page type with counting on has a median below 0.6 of nginx (the goal is 0.7).
Installs Debian's wrk and nginx-light, and gunicorn, if they are missing.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass

from bench import servers
from bench.pages import benchmark_paths

# Below this, with counting on, the run fails; GOAL_RATIO is what every page type should reach.
TARGET_RATIO = 0.6
GOAL_RATIO = 0.7
TARGET_P99_MS = 10.0
DEBIAN_TOOLS = {"wrk": "wrk", "nginx": "nginx-light"}
# A real browser's user agent, so counting takes its full path (a request without
# one is rejected early and would make "counting on" look cheaper than it is).
BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Mobile Safari/537.36"
)


@dataclass
class Result:
    requests_per_second: float
    p50_ms: float
    p99_ms: float


def install_missing_tools() -> None:
    missing = [package for program, package in DEBIAN_TOOLS.items() if not shutil.which(program)]
    if missing:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        print(f"installing {', '.join(missing)} (apt-get)", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", *missing], check=True, env=env)
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        print("installing gunicorn (pip), for the comparison", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "gunicorn>=25.1"], check=True)


def to_ms(value: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s|m)$", value)
    if match is None:
        raise ValueError(f"unexpected latency from wrk: {value!r}")
    number, unit = match.groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk(url: str, seconds: int, connections: int) -> Result:
    common = ["wrk", "--threads", "1", "--header", f"User-Agent: {BROWSER}"]
    # Warm up: fill the page cache, start each worker's lazy parts.
    subprocess.run([*common, "--connections", "4", "--duration", "1s", url], capture_output=True, check=True)
    output = subprocess.run(
        [*common, "--connections", str(connections), "--duration", f"{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise RuntimeError(f"{url} answered with errors under load:\n{output}")
    return Result(
        float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        to_ms(re.search(r"^\s*50%\s+(\S+)", output, re.M).group(1)),
        to_ms(re.search(r"^\s*99%\s+(\S+)", output, re.M).group(1)),
    )


def median(results: list[Result]) -> Result:
    return Result(
        statistics.median(r.requests_per_second for r in results),
        statistics.median(r.p50_ms for r in results),
        statistics.median(r.p99_ms for r in results),
    )


def startup_seconds(database: dict[str, str]) -> float:
    code = (
        "import time; t=time.perf_counter(); from hulpwijzer import create_app; create_app(); "
        "print(time.perf_counter()-t)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=servers.ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **database, "HULPWIJZER_COUNTING": "off"},
    )
    return float(result.stdout)


def measure(name: str, what: str, url: str, args: argparse.Namespace) -> Result:
    result = wrk(url, args.duration, args.connections)
    print(f"  {name} · {what}: {result.requests_per_second:,.0f} req/s", file=sys.stderr, flush=True)
    return result


NGINX = "nginx, the page's bytes from disk"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per URL and run (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="median of this many rounds (default 3)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    install_missing_tools()
    paths = benchmark_paths()
    counts = tempfile.mkdtemp(prefix="bench-counts-")  # never the site's own instance/ database
    database = {"DATABASE_URL": f"sqlite:///{counts}/counts.sqlite3"}
    counting = {state: {**database, "HULPWIJZER_COUNTING": state} for state in ("on", "off")}
    rows: dict[tuple[str, str], list[Result]] = {}
    ratios: dict[tuple[str, str], list[float]] = {}
    with ExitStack() as stack:
        sites = {
            state: stack.enter_context(servers.site(args.workers, env)) for state, env in counting.items()
        }
        pages = {path: urllib.request.urlopen(sites["on"] + path, timeout=10).read() for _, path in paths}
        files = {f"page{i}.html": pages[path] for i, (_, path) in enumerate(paths)}
        nginx = stack.enter_context(servers.nginx(files, args.workers))
        granian = stack.enter_context(servers.granian("bench.baselines:bare", args.workers))
        gunicorn = stack.enter_context(servers.gunicorn("bench.baselines:bare", args.workers))
        for round_number in range(args.rounds):
            for i, (name, path) in enumerate(paths):
                size = len(pages[path])
                targets = [
                    ("site, counting on", sites["on"] + path),
                    ("site, counting off", sites["off"] + path),
                    ("granian, bare WSGI", f"{granian}/?size={size}"),
                    ("gunicorn sync, bare WSGI", f"{gunicorn}/?size={size}"),
                ]
                for what, url in targets:
                    pair = [(NGINX, f"{nginx}/page{i}.html"), (what, url)]
                    if round_number % 2:
                        pair.reverse()
                    measured = {who: measure(name, who, address, args) for who, address in pair}
                    rows.setdefault((name, NGINX), []).append(measured[NGINX])
                    rows.setdefault((name, what), []).append(measured[what])
                    ratios.setdefault((name, what), []).append(
                        measured[what].requests_per_second / measured[NGINX].requests_per_second
                    )
    print(
        f"\n{platform.node()} · {os.cpu_count()} cores · {time.strftime('%Y-%m-%d %H:%M')} · "
        f"{args.workers} workers · wrk 1 thread, {args.connections} connections · {args.duration} s per URL"
        f" · {args.rounds} round(s), interleaved · load average at the end "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print(
        "ratio = requests/s ÷ requests/s of nginx sending the same page's bytes, measured right next to it;"
    )
    print("median of the rounds, and their spread (lowest–highest)\n")
    print(
        f"{'page':<27} {'server':<34} {'bytes':>6} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'ratio':>6} {'spread':>11}"
    )
    failures, short, slow = [], [], []
    for name, path in paths:
        for (page, what), results in rows.items():
            if page != name:
                continue
            result = median(results)
            spread = ratios.get((name, what), [1.0])
            ratio = statistics.median(spread)
            print(
                f"{name:<27} {what:<34} {len(pages[path]):>6} {result.requests_per_second:>8.0f} "
                f"{result.p50_ms:>7.2f} {result.p99_ms:>7.2f} {ratio:>6.2f} "
                f"{min(spread):>5.2f}–{max(spread):<5.2f}"
            )
            if what == "site, counting on":
                if ratio < TARGET_RATIO:
                    failures.append(f"{name} ({ratio:.2f})")
                elif ratio < GOAL_RATIO:
                    short.append(f"{name} ({ratio:.2f})")
                if result.p99_ms > TARGET_P99_MS:
                    slow.append(f"{name} ({result.p99_ms:.1f} ms)")
    print(f"\ncontent loading and validation at start-up: {startup_seconds(database):.2f} s")
    shutil.rmtree(counts, ignore_errors=True)
    if slow:
        print(f"p99 above {TARGET_P99_MS:.0f} ms with counting on: {', '.join(slow)}")
    if short:
        print(f"below the goal of {GOAL_RATIO} with counting on: {', '.join(short)}")
    if failures:
        print(f"below {TARGET_RATIO} of nginx with counting on: {', '.join(failures)}")
        return 1
    print(f"every page type with counting on is at least {TARGET_RATIO} of nginx static")
    return 0


if __name__ == "__main__":
    sys.exit(main())
