"""A throwaway PostgreSQL cluster: initdb + pg_ctl on a free port in a temporary folder.

The server refuses to run as root, so under root it runs as the `postgres` user
that Debian's package creates. Nothing here skips: if PostgreSQL cannot start,
the tests that need it fail and say why.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.support.server import free_port


def find_program(name: str) -> str:
    # Debian keeps the server programs out of PATH, under /usr/lib/postgresql/<version>/bin.
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    found = candidates[-1] if candidates else shutil.which(name)
    if not found:
        raise RuntimeError(
            f"PostgreSQL's {name} was not found: bin/test installs Debian's postgresql package"
        )
    return found


@dataclass
class Postgres:
    url: str
    folder: Path
    as_user: list[str]

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(
            [*self.as_user, find_program("pg_ctl"), "-D", str(self.folder / "data"), "-w", *args],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        port = self.url.rsplit(":", 1)[1].split("/")[0]
        options = f"-p {port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.pg_ctl("-l", str(self.folder / "server.log"), "-o", options, "start")

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "stop")

    def remove(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start_postgres() -> Postgres:
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    # Not under pytest's tmp folder: its parents are private to root, and the server runs as postgres.
    folder = Path(tempfile.mkdtemp(prefix="hulpwijzer-pg-"))
    if as_user:
        shutil.chown(folder, "postgres", "postgres")
    subprocess.run(
        [
            *as_user,
            find_program("initdb"),
            "-D",
            str(folder / "data"),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    server = Postgres(f"postgresql://postgres@127.0.0.1:{free_port()}/postgres", folder, as_user)
    server.start()
    return server
