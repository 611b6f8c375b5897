"""Fixtures: the app, its test client and CLI runner, a real server, and Chromium."""

from __future__ import annotations

import pytest
from hypothesis import settings

from hulpwijzer import create_app
from tests.support.apps import build_app
from tests.support.content import copy_real_content
from tests.support.counts import BROWSER
from tests.support.courses import COURSE_IDS, course_of
from tests.support.crawl import crawl_site
from tests.support.server import LiveServer, start_server

# Property tests check what is true, not how fast: on a busy 2-core machine (CI, other suites)
# one example can take longer than hypothesis' default 200 ms deadline.
settings.register_profile("hulpwijzer", deadline=None)
settings.load_profile("hulpwijzer")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    # Anything that drives Chromium is a browser test, so `-m "not browser"` is the fast loop.
    for item in items:
        if {"page", "browser", "context"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


def pytest_generate_tests(metafunc):
    # A test that takes `course_id` runs once for every course in content/courses/.
    if "course_id" in metafunc.fixturenames:
        metafunc.parametrize("course_id", COURSE_IDS)


@pytest.fixture
def course(app, course_id):
    return course_of(app, course_id)


@pytest.fixture(scope="session", autouse=True)
def counts_database(tmp_path_factory):
    """Every app and server in the tests counts into a throwaway SQLite file, never instance/."""
    with pytest.MonkeyPatch.context() as patch:
        url = f"sqlite:///{tmp_path_factory.mktemp('counts')}/counts.sqlite3"
        patch.setenv("DATABASE_URL", url)
        patch.setenv("HULPWIJZER_COUNTS_SPOOL", str(tmp_path_factory.mktemp("counts-spool")))
        yield url


@pytest.fixture(scope="session", autouse=True)
def staff_file(tmp_path_factory):
    """Every app and server in the tests reads its staff accounts from a throwaway file, never instance/."""
    with pytest.MonkeyPatch.context() as patch:
        path = tmp_path_factory.mktemp("staff") / "staff-accounts"
        patch.setenv("HULPWIJZER_STAFF_FILE", str(path))
        yield path


@pytest.fixture(scope="session")
def app():
    # Each request renders, so tests can watch templates and signals; the page cache
    # (on in production) has its own tests in test_caching.py.
    return create_app({"TESTING": True, "PAGE_CACHE": False})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def crawled(app):
    """Every page reachable by links from both home pages: {url: response}."""
    return crawl_site(app.test_client(), ["/nl/", "/en/"])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> LiveServer:
    # With the access log on, so that its lines can be checked for what they leave out.
    server = start_server(tmp_path_factory.mktemp("server"), env={"HULPWIJZER_ACCESS_LOG": "on"})
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture
def broken(tmp_path):
    """A copy of the real content, to break one thing in."""
    return copy_real_content(tmp_path)


@pytest.fixture
def make_app(tmp_path):
    """Build an app with settings overridden, counting into this test's own SQLite file."""

    def make(**overrides):
        return build_app(tmp_path, **overrides)

    return make


@pytest.fixture
def counting_app(make_app):
    return make_app()


@pytest.fixture
def visitor(counting_app):
    """A test client that looks like a person's browser, so its page loads count."""
    client = counting_app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER
    return client
