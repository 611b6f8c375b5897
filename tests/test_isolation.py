"""The tests never touch instance/, where a server keeps the real counts for the annual report."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys

import pytest

from tests import conftest
from tests.conftest import INSTANCE, REPO_ROOT

# Collecting does no real work (no app, no crawl at import): well under this even on a busy machine.
COLLECT_SECONDS = 10


def snapshot(folder: str) -> dict[str, tuple[int, int]] | None:
    """Every file under folder with its size and mtime, or None when the folder does not exist."""
    if not os.path.isdir(folder):
        return None
    found = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            info = os.stat(os.path.join(root, name))
            found[os.path.join(root, name)] = (info.st_size, info.st_mtime_ns)
    return found


def test_counting_in_tests_goes_to_a_throwaway_store(app):
    url = app.config["DATABASE_URL"]
    assert url.startswith("sqlite:///") and INSTANCE not in url
    assert app.extensions["hulpwijzer.recording.tally"].store.path.parent != REPO_ROOT / "instance"


@pytest.mark.parametrize(
    "touch",
    [
        lambda: sqlite3.connect(os.path.join(INSTANCE, "counts.sqlite3")),
        lambda: open(os.path.join(INSTANCE, "counts.sqlite3"), "ab"),
        lambda: os.mkdir(INSTANCE),
    ],
    ids=["sqlite", "open", "mkdir"],
)
def test_the_guard_refuses_anything_that_would_touch_instance(touch):
    before = snapshot(INSTANCE)
    with pytest.raises(PermissionError, match="never touch instance/"):
        touch()
    # Recorded too, so a touch that the code under test swallows still fails that test.
    assert conftest.instance_touches and conftest.instance_touches[-1][1].startswith(INSTANCE)
    conftest.instance_touches.clear()
    assert snapshot(INSTANCE) == before


def test_collecting_every_test_leaves_instance_untouched_and_is_quick():
    """As in a fresh clone: no DATABASE_URL set, every test module imported."""
    before = snapshot(INSTANCE)
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert snapshot(INSTANCE) == before
    seconds = float(re.search(r"collected in ([\d.]+)s", done.stdout).group(1))
    assert seconds < COLLECT_SECONDS, done.stdout[-500:]
