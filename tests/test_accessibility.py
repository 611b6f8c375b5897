"""axe-core in real Chromium on every page type in both languages, and small screens."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.support.crawl import page_types
from wizard import encode_path

AXE = Axe()
NOT_FOUND = ["/nl/bestaat-niet", "/en/does-not-exist"]


@pytest.fixture(scope="session")
def page_type_urls(app, crawled) -> list[str]:
    """One crawled URL per page type and language, and the 404 page (crawled once, not at import)."""
    types = page_types(app, crawled)
    endpoints = {endpoint for endpoint, _lang in types}
    assert {"pages.home", "pages.page", "course.module", "advice.question"} <= endpoints
    assert {lang for _endpoint, lang in types} == {"nl", "en"}
    return [url for _, url in sorted(types.items())] + NOT_FOUND


def test_no_axe_violations(page: Page, live_server, page_type_urls):
    failures = {}
    for path in page_type_urls:
        page.goto(live_server.url + path)
        results = AXE.run(page)
        if results.violations_count:
            failures[path] = results.generate_report()
    assert not failures, "\n\n".join(f"{path}:\n{report}" for path, report in failures.items())


@pytest.mark.parametrize("width", [320, 640])
def test_no_horizontal_scrolling(page: Page, live_server, page_type_urls, width):
    """320 px is the smallest phone; 640 px is a 1280 px screen at 200% zoom."""
    page.set_viewport_size({"width": width, "height": 800})
    overflowing = {}
    for path in page_type_urls:
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            overflowing[path] = overflow
    assert not overflowing, f"pages that scroll sideways at {width}px (by px): {overflowing}"


def test_survey_thanks_page_has_no_axe_violations(page: Page, live_server):
    page.goto(live_server.url + "/en/advice/result?p=zelf.onder-18.bang")
    page.get_by_role("link", name="Help us improve").click()
    page.locator("section.survey").get_by_role("button").click()
    # With JavaScript the thanks are shown in place of the questions (no posted page in history).
    expect(page.locator("section.survey")).to_have_count(0)
    assert "/advice/questions" in page.url
    # The thank-you page leads back to the visitor's own advice (through the group question, issue 22).
    assert (
        page.get_by_role("link", name="Back to your advice")
        .get_attribute("href")
        .endswith("/en/advice/result?p=" + encode_path(("zelf", "onder-18", "dreigen-delen", "bang")))
    )
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_dashboard_has_no_axe_violations(browser, tmp_path, lang):
    from tests.support.server import start_server

    env = {
        "STATS_USER": "jaarverslag",
        "STATS_PASSWORD": "geheim-genoeg",
        "DATABASE_URL": f"sqlite:///{tmp_path}/counts.sqlite3",
    }
    server = start_server(tmp_path, env=env, workers=1)
    try:
        context = browser.new_context(
            http_credentials={"username": "jaarverslag", "password": "geheim-genoeg"}
        )
        page = context.new_page()
        response = page.goto(server.url + f"/{lang}/beheer/")
        assert response.status == 200
        results = AXE.run(page)
        assert results.violations_count == 0, results.generate_report()
        context.close()
    finally:
        server.stop()
