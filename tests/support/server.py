"""The real site under granian (bin/serve's launcher) on a free port, as in production (Datasette-style)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVER_COMMAND = [sys.executable, "-m", "hulpwijzer.serving.server"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen
    log_path: Path

    def logs(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self, timeout: float = 15) -> float:
        """SIGTERM, as a service manager sends it; returns the seconds the server took to stop."""
        started = time.monotonic()
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return time.monotonic() - started


def start_server(folder: Path, env: dict[str, str] | None = None, workers: int = 2) -> LiveServer:
    port = free_port()
    log_path = folder / f"server-{port}.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [*SERVER_COMMAND, "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=REPO_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(url + "/nl/", process, log_path)
    except RuntimeError:
        process.kill()
        raise
    return LiveServer(url, process, log_path)


def wait_until_answering(url: str, process: subprocess.Popen, log_path: Path, seconds: float = 30) -> None:
    """Returns once url answers at all; raises with the server's log if it dies or stays silent."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server died at start:\n{log_path.read_text()}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # an error page is an answer: the server is up
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer within {seconds:.0f} s:\n{log_path.read_text()}")


@contextmanager
def counting_server(folder: Path, workers: int) -> Iterator[tuple[LiveServer, Path]]:
    """The real server counting into its own SQLite file in folder: (server, that file)."""
    db = folder / "counts.sqlite3"
    server = start_server(folder, env={"DATABASE_URL": f"sqlite:///{db}"}, workers=workers)
    try:
        yield server, db
    finally:
        server.stop()
