"""The servers the benchmark starts on free loopback ports, each stopped when done.

- ``nginx``: Debian's nginx-light serving files from a folder, with a throwaway
  config (access log off, the site's own security headers), the 1.00 baseline;
- ``granian``: a WSGI callable under granian with the site's settings;
- ``gunicorn``: the same callable under gunicorn sync workers (the old server);
- ``site``: the site itself, started by its own launcher (site/serving/server.py).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hulpwijzer.serving.security import SECURITY_HEADERS
from hulpwijzer.serving.server import BACKPRESSURE

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base: str, process: subprocess.Popen, log: Path) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} did not start:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{process.args} did not answer in 30 s")


@contextmanager
def running(command: list[str], env: dict[str, str] | None = None, port: int | None = None) -> Iterator[str]:
    port = port or free_port()
    folder = Path(tempfile.mkdtemp(prefix="bench-"))
    log = folder / "server.log"
    command = [part.replace("{port}", str(port)) for part in command]
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=output, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(folder, ignore_errors=True)


def nginx_config(folder: Path, port: int, workers: int) -> str:
    headers = "\n".join(
        f'      add_header {name} "{value}" always;' for name, value in SECURITY_HEADERS.items()
    )
    temp = " ".join(
        f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""daemon off;
worker_processes {workers};
pid {folder / "nginx.pid"};
error_log {folder / "error.log"};
events {{ worker_connections 1024; }}
http {{
  access_log off;
  {temp}
  server {{
    listen 127.0.0.1:{port};
    root {folder / "files"};
    default_type "text/html; charset=utf-8";
    location / {{
      add_header Cache-Control no-store always;
{headers}
    }}
  }}
}}
"""


@contextmanager
def nginx(files: dict[str, bytes], workers: int) -> Iterator[str]:
    """nginx serving {name: bytes} from disk."""
    folder = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    folder.chmod(0o755)  # nginx's workers run as another user when started as root
    (folder / "files").mkdir(mode=0o755)
    for name, body in files.items():
        (folder / "files" / name).write_bytes(body)
    port = free_port()
    config = folder / "nginx.conf"
    config.write_text(nginx_config(folder, port, workers))
    try:
        with running(["nginx", "-c", str(config), "-p", str(folder)], port=port) as base:
            yield base
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def granian(app: str, workers: int, env: dict[str, str] | None = None) -> Iterator[str]:
    command = [
        sys.executable, "-m", "granian", "--interface", "wsgi", "--no-ws", "--workers", str(workers),
        "--backpressure", str(BACKPRESSURE), "--host", "127.0.0.1", "--port", "{port}", app,
    ]  # fmt: skip
    return running(command, env)


def gunicorn(app: str, workers: int, env: dict[str, str] | None = None) -> Iterator[str]:
    command = [
        sys.executable, "-m", "gunicorn", "--worker-class", "sync", "--workers", str(workers),
        "--bind", "127.0.0.1:{port}", "--access-logfile", "/dev/null", "--no-control-socket", app,
    ]  # fmt: skip
    return running(command, env)


def site(workers: int, env: dict[str, str]) -> Iterator[str]:
    command = [sys.executable, "-m", "hulpwijzer.serving.server", "--bind", "127.0.0.1:{port}"]
    return running([*command, "--workers", str(workers)], env)
