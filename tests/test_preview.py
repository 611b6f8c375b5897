"""The editor's preview: under `flask run --debug` a saved edit shows on the next request."""

from __future__ import annotations

import html
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.content import copy_real_content
from tests.support.server import REPO_ROOT, free_port, wait_until_answering


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def debug_server(tmp_path):
    """`flask --app wsgi run --debug` on a copy of the content, as an editor starts it."""
    content = copy_real_content(tmp_path)
    port = free_port()
    log_path = tmp_path / "flask.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "run", "--debug", "--port", str(port)],
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={
                **os.environ,
                "HULPWIJZER_CONTENT_DIR": str(content),
                "DATABASE_URL": f"sqlite:///{tmp_path}/counts.sqlite3",
            },
            start_new_session=True,  # the reloader starts a child: stop the whole group
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(url + "/nl/privacy", process, log_path)
    except RuntimeError as error:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail(f"flask run --debug did not start: {error}")
    yield url, content
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=10)


def save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    # A second save within the file system's timestamp resolution must still count as a change.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def test_a_saved_edit_shows_on_the_next_request(debug_server):
    url, content = debug_server
    privacy = content / "pages/nl/privacy.md"
    original = privacy.read_text(encoding="utf-8")
    assert fetch(url + "/nl/privacy")[0] == 200

    save(privacy, original.replace("title: ", "title: Bijgewerkt ", 1))
    status, body = fetch(url + "/nl/privacy")
    assert status == 200
    assert "Bijgewerkt" in body


def test_a_broken_edit_shows_its_problems_in_the_browser_then_recovers(debug_server):
    url, content = debug_server
    privacy = content / "pages/nl/privacy.md"
    original = privacy.read_text(encoding="utf-8")

    save(privacy, original.replace("title:", "titel:", 1))
    status, body = fetch(url + "/nl/")
    assert status == 503
    assert 'content/pages/nl/privacy.md:2: unknown key "titel" (did you mean "title"?)' in html.unescape(body)

    save(privacy, original)
    assert fetch(url + "/nl/privacy")[0] == 200


def test_production_reads_content_once(make_app, broken):
    app = make_app(CONTENT_DIR=str(broken))
    assert app.config["CONTENT_PREVIEW"] is False
    privacy = broken / "pages/nl/privacy.md"
    save(privacy, privacy.read_text(encoding="utf-8").replace("title:", "titel:", 1))
    assert app.test_client().get("/nl/privacy").status_code == 200


def test_the_preview_starts_even_on_broken_content(make_app, broken):
    privacy = broken / "pages/nl/privacy.md"
    save(privacy, privacy.read_text(encoding="utf-8").replace("title:", "titel:", 1))
    response = make_app(CONTENT_DIR=str(broken), CONTENT_PREVIEW=True).test_client().get("/nl/")
    assert response.status_code == 503
    assert b"privacy.md:2" in response.data
