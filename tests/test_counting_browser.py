"""Counting what a real browser does: Chromium's own Sec-Fetch-Site decides what is a visit."""

from __future__ import annotations

from collections import Counter

import pytest
from playwright.sync_api import Browser, expect

from tests.support.counts import BROWSER, sqlite_rows
from tests.support.server import start_server


@pytest.fixture
def counted_server(tmp_path):
    db = tmp_path / "counts.sqlite3"
    server = start_server(tmp_path, env={"DATABASE_URL": f"sqlite:///{db}"}, workers=2)
    yield server, db
    server.stop()


def test_a_visit_is_counted_once_however_many_pages_follow(browser: Browser, counted_server):
    server, db = counted_server
    # Headless Chromium says "HeadlessChrome", which crawlerdetect rightly calls a bot.
    context = browser.new_context(user_agent=BROWSER)
    page = context.new_page()
    page.goto(server.url + "/nl/")  # typed address: Sec-Fetch-Site: none
    page.get_by_role("link", name="privacy").first.click()  # a link on our own site
    expect(page).to_have_url(server.url + "/nl/privacy")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(server.url + "/en/privacy")
    context.close()

    headless = browser.new_page()  # the default headless user agent is left out as a bot
    headless.goto(server.url + "/nl/")
    headless.close()

    server.stop()  # each worker writes what it still holds when it exits
    found: Counter = Counter()
    for _period, metric, item, n in sqlite_rows(db):
        found[(metric, item)] += n
    assert found[("visit", "site")] == 1
    assert found[("page", "/nl/")] == found[("page", "/nl/privacy")] == found[("page", "/en/privacy")] == 1
    assert found[("rejected", "bot")] >= 1
