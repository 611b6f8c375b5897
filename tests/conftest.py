"""Fixtures: the app, its test client and CLI runner, a real server, and Chromium.

Before anything from the site is imported, counting is pointed at a throwaway SQLite file and a
guard is installed that fails the run if anything in this process touches instance/ (where a
server keeps its real counts): a test run must never add visits to the annual report.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
INSTANCE = str(REPO_ROOT / "instance")
# Inherited by every app built here and every server started as a subprocess.
THROWAWAY = tempfile.mkdtemp(prefix="hulpwijzer-tests-")
atexit.register(shutil.rmtree, THROWAWAY, True)
os.environ["DATABASE_URL"] = f"sqlite:///{THROWAWAY}/counts.sqlite3"
os.environ["HULPWIJZER_COUNTS_SPOOL"] = f"{THROWAWAY}/counts-spool"
os.environ["HULPWIJZER_STAFF_FILE"] = f"{THROWAWAY}/staff-accounts"

# What touched instance/ (event, path): reported by the fixture below as the test's failure.
instance_touches: list[tuple[str, str]] = []
WATCHED_EVENTS = frozenset({"open", "sqlite3.connect", "sqlite3.connect/handle", "os.mkdir", "os.rename"})


def refuse_instance(event: str, args: tuple) -> None:
    if event not in WATCHED_EVENTS or not args or not isinstance(args[0], str | bytes | os.PathLike):
        return
    path = os.path.abspath(os.fsdecode(args[0]))
    if path == INSTANCE or path.startswith(INSTANCE + os.sep):
        instance_touches.append((event, path))
        raise PermissionError(f"tests must never touch instance/ ({event} {path})")


sys.addaudithook(refuse_instance)

from hypothesis import settings  # noqa: E402

from hulpwijzer import content as content_module  # noqa: E402
from hulpwijzer import create_app  # noqa: E402
from tests.support.apps import build_app  # noqa: E402
from tests.support.content import copy_real_content, load_real_content_once  # noqa: E402
from tests.support.counts import BROWSER  # noqa: E402
from tests.support.courses import COURSE_IDS, course_of  # noqa: E402
from tests.support.crawl import crawl_site  # noqa: E402
from tests.support.server import LiveServer, start_server  # noqa: E402

# Every app built from the real content shares one reading of it (content is immutable once loaded);
# the loaders themselves are tested on their own and on broken copies.
content_module.load_content = load_real_content_once(content_module.load_content)

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


# The quick loop (`bin/test --quick`, i.e. `-m "not slow"`) leaves out whatever starts a real
# server, PostgreSQL or Chromium, or sweeps with hypothesis; `bin/test` and CI run everything.
BROWSER_FIXTURES = frozenset({"page", "browser", "context"})
SERVER_FIXTURES = frozenset({"live_server", "server", "debug_server", "postgres"})
# Modules whose tests start servers or subprocesses themselves, without a fixture to tell.
# test_content_sweep breaks every kind of content file five ways and checks a copy of all content
# each time (60 checks); the quick loop keeps the broken files of test_content_check,
# test_advice_content_check and test_course_content.
SLOW_MODULES = frozenset(
    {
        "test_isolation",
        "test_server_launcher",
        "test_counting_concurrency",
        "test_counting_faults",
        "test_content_sweep",
    }
)
# Client tests that crawl the whole site again on an app of their own, or rebuild every table of a year.
SLOW_TESTS = frozenset(
    {
        "test_pages_replayed_from_the_page_cache_are_counted_with_their_events",
        "test_dashboard_csv_and_cli_publish_the_same_numbers",
        "test_every_crawled_page_is_the_same_when_replayed",
        "test_after_a_crawl_the_database_holds_nothing_about_the_visitor",
        "test_only_totals_per_day_or_month_are_stored",
        # A real server under a guessing attack; a store that stays down for seconds.
        "test_the_real_server_lets_staff_in_during_an_attack_and_drops_a_removed_account",
        "test_store_down_every_page_is_still_served_and_counts_are_retried",
        # Wait for the writer's rounds (2 s each).
        "test_a_worker_that_stops_with_the_store_locked_spools_and_the_next_delivers",
        "test_a_store_that_fails_leaves_the_file_for_the_next_round",
    }
)


def pytest_collection_modifyitems(items):
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if BROWSER_FIXTURES & fixtures:
            item.add_marker(pytest.mark.browser)
        if (
            BROWSER_FIXTURES & fixtures
            or SERVER_FIXTURES & fixtures
            or getattr(getattr(item, "obj", None), "is_hypothesis_test", False)
            or item.module.__name__.rpartition(".")[2] in SLOW_MODULES
            or item.originalname in SLOW_TESTS
        ):
            item.add_marker(pytest.mark.slow)


def pytest_generate_tests(metafunc):
    # A test that takes `course_id` runs once for every course in content/courses/.
    if "course_id" in metafunc.fixturenames:
        metafunc.parametrize("course_id", COURSE_IDS)


@pytest.fixture
def course(app, course_id):
    return course_of(app, course_id)


@pytest.fixture(autouse=True)
def instance_untouched():
    """Fails the test during which anything touched instance/, even if the code swallowed the error."""
    yield
    if instance_touches:
        touched, instance_touches[:] = list(instance_touches), []
        pytest.fail(f"this test touched instance/: {touched}")


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
