"""The production server: granian (HTTP parsed in Rust) in front of the WSGI app.

    .venv/bin/python -m hulpwijzer.serving.server [--bind 127.0.0.1:5000] [--workers N]

What the launcher promises, in this order:

1. The app is built once, here, before any worker starts. Broken content stops
   the start with the editor's ``path:line`` list and exit status 1 (granian
   itself has no preload: without this each worker would fail on its own).
2. The workers are forked from this process and use the app built here, so
   they start at once and share its memory.
3. No access log by default; ``HULPWIJZER_ACCESS_LOG=on`` logs time, method,
   path (never the query string), status and duration, and never the client's
   address or user agent.
4. SIGTERM/SIGINT: each worker writes its pending counts before it exits
   (site/recording/tally.py registers the flush where granian's workers run it).

Settings come from the environment: HULPWIJZER_BIND (host:port, or unix:/path),
WEB_CONCURRENCY (workers; default one per core), HULPWIJZER_ACCESS_LOG.
"""

from __future__ import annotations

import argparse
import gc
import logging.config
import os
import resource
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask

from contentkit import ContentError
from hulpwijzer.config import setting

# Printed after the editor's path:line list when the content does not validate.
NOT_STARTED = "The site did not start: fix the content above and start it again."
# What granian may write per request: no address, no user agent, no query string.
ACCESS_LOG_FORMAT = '[%(time)s] "%(method)s %(path)s" %(status)d %(dt_ms).1fms'
# A worker that does not stop within this time after SIGTERM is killed; its counts are
# written well before (the store gives up after a few seconds, site/recording/store.py).
WORKER_KILL_SECONDS = 10
# Clients get this long to send their request headers (meanwhile they hold no Python thread).
HEADER_READ_TIMEOUT_MS = 15_000
# Connections a worker serves at once. In granian 2.8 "backpressure" bounds connections, not
# requests, and nothing closes an idle keep-alive connection: at 128, 250 idle keep-alives or
# 260 clients trickling their headers left no room for visitors. A waiting connection costs
# only memory in Rust (at most its read buffer, below), so the bound is set by memory and file
# descriptors (the launcher raises its soft limit to the hard one).
BACKPRESSURE = 2048
# Python threads per worker. A request whose body trickles in holds one until the body is
# complete (granian has no body timeout; a read blocks in Rust), so there are enough for a few
# hundred slow bodies and the visitors beside them; threads start only when needed and stop
# after 30 s idle. docs/deployment.md says what a buffering proxy adds.
BLOCKING_THREADS = 512
# The most a connection may buffer while its request head is read: headers beyond it get a 431
# from granian (its default, 408 KB, let one header of 400 KB through). The site's longest
# legitimate header is far under 16 KB; the hostile sweep sends values up to 64 KB.
HTTP1_BUFFER_BYTES = 80 * 1024

_APP: Flask | None = None


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 5000
    unix_socket: Path | None = None
    workers: int = 1
    access_log: bool = False

    @classmethod
    def read(cls, argv: list[str] | None = None) -> Settings:
        parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        parser.add_argument("--bind", default=setting("BIND"))
        parser.add_argument("--workers", type=int, default=default_workers())
        args = parser.parse_args(argv)
        access_log = setting("ACCESS_LOG")
        if args.bind.startswith("unix:"):
            return cls(
                unix_socket=Path(args.bind.removeprefix("unix:")), workers=args.workers, access_log=access_log
            )
        host, _, port = args.bind.rpartition(":")
        if not host or not port.isdigit():
            parser.error(f"--bind {args.bind!r}: expected host:port or unix:/path")
        return cls(host=host.strip("[]"), port=int(port), workers=args.workers, access_log=access_log)


def default_workers() -> int:
    return setting("WORKERS") or max(1, os.cpu_count() or 1)


def build_app_or_exit() -> Flask:
    """The site, validated once; on broken content the editor's list and exit status 1."""
    from hulpwijzer import create_app

    try:
        return create_app()
    except ContentError as error:
        print(f"{error}\n{NOT_STARTED}", file=sys.stderr, flush=True)
        raise SystemExit(1) from None


def load_app(target: str) -> Any:
    """granian's loader, run in each worker: the app built by the launcher (forked)."""
    if _APP is not None:
        return _APP
    # Started with 'spawn' (not on Linux today): the worker builds the app itself.
    from wsgi import app

    return app


def logging_config() -> dict[str, Any]:
    """granian's own lines keep the bind address; every other line has addresses redacted."""
    line = "[%(asctime)s] %(levelname)s %(name)s: %(message)s"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"redact": {"()": "hulpwijzer.serving.logs.RedactAddresses"}},
        "formatters": {
            "generic": {"format": line, "datefmt": "%Y-%m-%d %H:%M:%S %z"},
            "access": {"format": "%(message)s"},
        },
        "handlers": {
            "server": {
                "class": "logging.StreamHandler",
                "formatter": "generic",
                "stream": "ext://sys.stderr",
            },
            "app": {
                "class": "logging.StreamHandler",
                "formatter": "generic",
                "filters": ["redact"],
                "stream": "ext://sys.stderr",
            },
            "access": {
                "class": "logging.StreamHandler",
                "formatter": "access",
                "filters": ["redact"],
                "stream": "ext://sys.stderr",
            },
        },
        "loggers": {
            "_granian": {"handlers": ["server"], "level": "INFO", "propagate": False},
            "granian.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
        "root": {"handlers": ["app"], "level": "INFO"},
    }


def serve(settings: Settings) -> None:
    global _APP
    raise_file_limit()
    from granian import Granian
    from granian.constants import Interfaces
    from granian.http import HTTP1Settings
    from granian.log import LogLevels

    # Before the app exists, so Flask adds no handler of its own (every line would be written twice).
    logging.config.dictConfig(logging_config())
    _APP = build_app_or_exit()
    # Counts earlier workers left in the spool (the store was down when they stopped) arrive
    # before any new ones; if the store is still down, the workers' writers keep trying.
    tally = _APP.extensions.get("hulpwijzer.recording.tally")
    if tally is not None:
        tally.deliver_spool()
    # Everything loaded so far lives as long as the workers: keep it out of the garbage
    # collector's passes (shorter pauses) and unwritten after the fork (shared memory).
    gc.freeze()
    options: dict[str, Any] = (
        {"uds": settings.unix_socket}
        if settings.unix_socket
        else {
            "address": settings.host,
            "port": settings.port,
        }
    )
    server = Granian(
        "wsgi:app",
        interface=Interfaces.WSGI,
        workers=settings.workers,
        backpressure=BACKPRESSURE,
        blocking_threads=BLOCKING_THREADS,
        http1_settings=HTTP1Settings(
            header_read_timeout=HEADER_READ_TIMEOUT_MS, max_buffer_size=HTTP1_BUFFER_BYTES
        ),
        websockets=False,
        log_level=LogLevels.info,
        log_dictconfig=logging_config(),
        log_access=settings.access_log,
        log_access_format=ACCESS_LOG_FORMAT,
        workers_kill_timeout=WORKER_KILL_SECONDS,
        respawn_failed_workers=True,
        **options,
    )
    server.serve(target_loader=load_app)


def raise_file_limit() -> None:
    """Every open connection is a file descriptor: allow as many as the system lets this user."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        except (ValueError, OSError):
            pass  # the soft limit stays; only the number of connections is smaller


def main(argv: list[str] | None = None) -> None:
    serve(Settings.read(argv))


if __name__ == "__main__":
    main()
