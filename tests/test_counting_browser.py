"""Counting what a real browser does: Chromium's own Sec-Fetch-Site decides what is a visit,
Sec-Fetch-Dest what is a page load (another site's image, frame or fetch is not)."""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Browser, expect

from tests.support.counts import BROWSER, sqlite_rows
from tests.support.server import counting_server


@pytest.fixture
def counted_server(tmp_path):
    with counting_server(tmp_path, workers=2) as running:
        yield running


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


def read_counts(db) -> Counter:
    found: Counter = Counter()
    for _period, metric, item, n in sqlite_rows(db):
        found[(metric, item)] += n
    return found


@pytest.fixture
def other_site(counted_server):
    """Another website (localhost on another port: another site than 127.0.0.1) that embeds ours."""
    server, _db = counted_server
    page = f"""<!doctype html><title>elsewhere</title>
<img src="{server.url}/nl/privacy" alt="">
<iframe src="{server.url}/nl/stoppen/2"></iframe>
<div style="background-image: url('{server.url}/en/privacy')">x</div>
<script>
  // Our pages' Cross-Origin-Resource-Policy makes the browser refuse the answer: it was asked all the same.
  const done = () => {{ document.title = "fetched"; }};
  fetch("{server.url}/nl/stoppen/3", {{mode: "no-cors"}}).then(done, done);
</script>
<a href="{server.url}/en/">a link a visitor follows</a>""".encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://localhost:{httpd.server_address[1]}/"
    httpd.shutdown()


def test_another_site_embedding_our_pages_adds_nothing(browser: Browser, counted_server, other_site):
    server, db = counted_server
    context = browser.new_context(user_agent=BROWSER)
    page = context.new_page()
    page.goto(other_site)
    expect(page).to_have_title("fetched")
    page.wait_for_timeout(500)  # the image, the frame and the background have been asked for
    page.get_by_role("link", name="a link a visitor follows").click()  # a person's navigation
    expect(page).to_have_url(server.url + "/en/")
    context.close()
    server.stop()
    found = read_counts(db)
    pages = {item: n for (metric, item), n in found.items() if metric == "page"}
    assert pages == {"/en/": 1}, "only the link the visitor followed is a page view"
    assert found[("visit", "site")] == 1 and found[("visit", "course")] == 0
    assert not [key for key in found if key[0] in ("module.view", "course.returning")]
    assert found[("rejected", "embedded")] >= 4


def test_marking_a_module_done_with_javascript_counts_each_page_once(browser: Browser, counted_server):
    server, db = counted_server
    context = browser.new_context(user_agent=BROWSER)
    page = context.new_page()
    page.goto(server.url + "/nl/stoppen/1")
    page.get_by_role("button", name="Module 1 afronden").click()
    expect(page.get_by_text("Module 1 is afgerond. Goed gedaan.")).to_be_visible()
    landed = page.url.removeprefix(server.url).split("?")[0]
    context.close()
    server.stop()
    found = read_counts(db)
    pages = {item: n for (metric, item), n in found.items() if metric == "page"}
    assert pages == {"/nl/stoppen/1": 1, landed: 1}
    assert found[("module.view", "stoppen-1")] == 1 and found[("module.done", "stoppen-1")] == 1
    assert found[("visit", "course")] == 1
