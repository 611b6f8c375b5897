"""What a visitor's real browser does: Chromium via Playwright against the real server."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

EXIT_URL = "https://www.buienradar.nl/"
PAGE_TYPES = ["/nl/", "/en/", "/nl/privacy", "/en/veilig-weg", "/nl/bestaat-niet"]


@pytest.fixture
def weather(page: Page):
    """Stand-in for the neutral site, so the test never leaves this machine."""
    page.route(
        EXIT_URL + "**",
        lambda route: route.fulfill(body="<title>Weer</title>Het weer", content_type="text/html"),
    )
    return page


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_request_leaves_this_host_and_nothing_is_stored(page: Page, live_server, path):
    hosts = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    assert hosts and set(hosts) == {urlsplit(live_server.url).netloc}
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0


def test_quick_exit_replaces_the_page_in_history(weather: Page, live_server):
    weather.goto(live_server.url + "/nl/")
    # Typed in the address bar: its own entry (a tap inside the site would replace the entry,
    # see test_one_history_entry_browser.py).
    weather.goto(live_server.url + "/nl/privacy")
    weather.get_by_role("link", name="Snel weg", exact=True).click()
    expect(weather).to_have_url(EXIT_URL)
    weather.go_back()
    # The page that was left is gone from history; one step back is the page before it.
    expect(weather).to_have_url(live_server.url + "/nl/")


def test_three_shift_presses_leave_the_site(weather: Page, live_server):
    weather.goto(live_server.url + "/en/privacy")
    for _ in range(3):
        weather.keyboard.press("Shift")
    expect(weather).to_have_url(EXIT_URL)


def test_quick_exit_is_a_plain_link_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/en/")
    link = page.get_by_role("link", name="Leave this site", exact=True)
    assert link.get_attribute("href") == EXIT_URL
    context.close()


def test_quick_exit_is_the_first_thing_after_the_skip_link(page: Page, live_server):
    page.goto(live_server.url + "/nl/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Naar de inhoud")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Snel weg")
