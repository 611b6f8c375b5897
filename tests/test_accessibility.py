"""axe-core in real Chromium on every page type in both languages, and small screens."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from hulpwijzer import create_app
from tests.support.crawl import crawl_site, page_types

_app = create_app({"TESTING": True})
PAGE_TYPES = sorted(page_types(_app, crawl_site(_app.test_client(), ["/nl/", "/en/"])).items())
PAGE_URLS = [url for _, url in PAGE_TYPES] + ["/nl/bestaat-niet", "/en/does-not-exist"]
AXE = Axe()


def test_every_page_type_is_covered():
    endpoints = {endpoint for (endpoint, _), _ in PAGE_TYPES}
    assert {"pages.home", "pages.page"} <= endpoints
    assert all(lang in ("nl", "en") for (_, lang), _ in PAGE_TYPES)


@pytest.mark.parametrize("path", PAGE_URLS)
def test_no_axe_violations(page: Page, live_server, path):
    page.goto(live_server.url + path)
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [320, 640])
@pytest.mark.parametrize("path", PAGE_URLS)
def test_no_horizontal_scrolling(page: Page, live_server, path, width):
    """320 px is the smallest phone; 640 px is a 1280 px screen at 200% zoom."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"


def test_survey_thanks_page_has_no_axe_violations(page: Page, live_server):
    page.goto(live_server.url + "/en/advice/result?p=zelf.onder-18.bang")
    page.get_by_role("link", name="Help us improve").click()
    page.locator("section.survey").get_by_role("button").click()
    page.wait_for_load_state()
    assert "/advice/questions" in page.url
    # The thank-you page leads back to the visitor's own advice.
    assert (
        page.get_by_role("link", name="Back to your advice")
        .get_attribute("href")
        .endswith("/en/advice/result?p=zelf.onder-18.bang")
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
