"""A phone in a frightened hand, in real Chromium: the quick exit stays in reach on every page
type and width, every choice is a big enough target, and a full crawl logs no console error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from hulpwijzer.i18n import localized_path
from tests.support.crawl import page_types
from wizard import all_paths, format_path

WIDTHS = [320, 360, 1280]
STOPPEN = {"nl": "stoppen", "en": "stopping"}
MIN_TARGET = 44


def longest(client, urls: list[str]) -> str:
    return max(urls, key=lambda url: len(client.get(url).data))


def longest_pages(app, lang: str) -> list[str]:
    """The longest advice page and the longest course module in this language."""
    with app.app_context():
        from hulpwijzer.content import site_content

        tree = site_content().advice
        courses = list(site_content().courses)
    client = app.test_client()
    result = localized_path("advice.result", lang)
    advice = longest(client, [f"{result}?p={format_path(path)}" for path in all_paths(tree)])
    modules = [f"/{lang}/{c.slug[lang]}/{n}" for c in courses for n in range(1, c.module_count + 1)]
    return [advice, longest(client, modules)]


@pytest.fixture(scope="module")
def longest_urls(app) -> list[str]:
    """The longest advice page and course module: Dutch first, then English."""
    return longest_pages(app, "nl") + longest_pages(app, "en")


@pytest.fixture(scope="module")
def type_urls(app, crawled) -> list[str]:
    """One URL of every page type, from the session's crawl (built when a test asks, never at import)."""
    return sorted(set(page_types(app, crawled).values()))


def exit_in_view(page: Page) -> dict:
    """Where the quick exit is after scrolling to the very bottom, and whether a tap there hits it."""
    return page.evaluate(
        """() => {
            window.scrollTo(0, document.documentElement.scrollHeight);
            const link = document.querySelector('[data-quick-exit]');
            const box = link.getBoundingClientRect();
            const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
            return {top: box.top, bottom: box.bottom, left: box.left, right: box.right,
                    width: box.width, height: box.height, hit: hit === link || link.contains(hit),
                    scrolled: window.scrollY, viewport: [window.innerWidth, window.innerHeight]};
        }"""
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_quick_exit_stays_in_reach_after_scrolling_to_the_bottom(
    page: Page, live_server, width, type_urls, longest_urls
):
    page.set_viewport_size({"width": width, "height": 740})
    for url in type_urls + longest_urls:
        page.goto(live_server.url + url)
        where = exit_in_view(page)
        viewport_width, viewport_height = where["viewport"]
        assert 0 <= where["top"] and where["bottom"] <= viewport_height, (url, where)
        assert 0 <= where["left"] and where["right"] <= viewport_width, (url, where)
        assert where["height"] >= MIN_TARGET and where["width"] >= MIN_TARGET, (url, where)
        assert where["hit"], f"{url}: something covers the quick exit at {width}px"
    # The long pages really were scrolled, far past where a header button would have been.
    page.goto(live_server.url + longest_urls[0])
    assert exit_in_view(page)["scrolled"] > 2000


def test_quick_exit_after_scrolling_still_leaves_and_replaces_the_page(page: Page, live_server, longest_urls):
    page.route(
        "https://www.buienradar.nl/**",
        lambda route: route.fulfill(body="<title>Weer</title>Het weer", content_type="text/html"),
    )
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/nl/")
    page.goto(live_server.url + longest_urls[0])
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.get_by_role("link", name="Snel weg", exact=True).click()
    page.wait_for_url("https://www.buienradar.nl/")
    page.go_back()
    page.wait_for_url(live_server.url + "/nl/")


CHOICE_PAGES = [
    "/nl/advies/vraag?p=zelf",
    "/en/advice/questions?p=zelf.onder-18.ongewenst.gezien",
    "/nl/stoppen/6",
    "/en/stopping/10",
    "/nl/naasten/1",
]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_choice_and_back_link_is_a_big_enough_target(page: Page, live_server, width):
    page.set_viewport_size({"width": width, "height": 740})
    for url in CHOICE_PAGES:
        page.goto(live_server.url + url)
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('input[type=radio], input[type=checkbox]')].map(input => {
                const label = input.closest('label') || document.querySelector(`label[for="${input.id}"]`);
                label.scrollIntoView({block: 'center'});
                const box = label.getBoundingClientRect();
                const own = input.getBoundingClientRect();
                // Tapping the label's padding, just inside its corner, must reach this choice.
                const corner = document.elementFromPoint(box.left + 3, box.top + 3);
                return {name: input.name + '=' + input.value, width: box.width, height: box.height,
                        input: own.height, corner: corner === label || label.contains(corner)};
            })"""
        )
        assert sizes, url
        for size in sizes:
            assert size["height"] >= MIN_TARGET and size["width"] >= MIN_TARGET, (url, size)
            assert size["corner"], (url, size)
            if width <= 360:
                assert size["input"] >= 36, (url, size)  # the radio itself about 40 px on a phone
        back = page.locator(".back-link")
        if back.count():
            box = back.first.bounding_box()
            assert box["height"] >= MIN_TARGET and box["width"] >= MIN_TARGET, (url, box)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_0_to_10_scale_is_one_row_or_a_list(page: Page, live_server, lang):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 740})
        page.goto(live_server.url + f"/{lang}/{STOPPEN[lang]}/1")
        tops = page.evaluate(
            "() => [...document.querySelector('div.scale').querySelectorAll('label')]"
            ".map(label => Math.round(label.getBoundingClientRect().top))"
        )
        assert len(tops) == 11
        one_row, one_column = len(set(tops)) == 1, len(set(tops)) == 11
        assert one_row or one_column, (width, tops)
        assert one_row == (width >= 600), (width, tops)


def test_a_crawl_of_every_page_type_logs_no_console_error(page: Page, live_server, type_urls, longest_urls):
    errors, failed = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    for url in type_urls + longest_urls:
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
    # A page without a named icon: Chromium then asks for /favicon.ico on its own.
    response = page.goto(live_server.url + "/favicon.ico")
    assert response.status == 200
    assert errors == [] and failed == []


def test_every_page_names_its_icon(page: Page, live_server):
    icons = []
    page.on("request", lambda request: icons.append(request.url) if "/icons/" in request.url else None)
    page.goto(live_server.url + "/nl/advies/")
    page.wait_for_load_state("networkidle")
    assert icons and all("/static/icons/advice." in url for url in icons)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_advice_page_puts_first_things_first_and_prints_only_the_advice(
    page: Page, live_server, lang, longest_urls
):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + longest_urls[0 if lang == "nl" else 2])
    order = page.evaluate(
        """() => ['h1', '.first-step', '.advice-contact', '.steps', '.answers', '.survey-offer', '.help']
            .map(selector => document.querySelector(selector).getBoundingClientRect().top + window.scrollY)"""
    )
    assert order == sorted(order), order
    # A tappable route to Helpwanted is on the first screen of a phone, before the longest advice.
    first_route = page.evaluate(
        """() => document.querySelector('main a[href*="helpwanted.nl"]').getBoundingClientRect().top"""
    )
    assert 0 < first_route < 740, first_route
    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => Object.fromEntries(['h1', '.first-step', '.steps', '.advice-contact', '.answers',
            '.survey-offer', '.help', '.quick-exit-bar', '.site-header', '.back-link']
            .map(selector => [selector, document.querySelector(selector).offsetParent !== null
                || getComputedStyle(document.querySelector(selector)).position === 'fixed']))"""
    )
    assert {key for key, visible in shown.items() if visible} == {"h1", ".first-step", ".steps"}, shown


def test_language_switch_keeps_the_answers_and_the_page(page: Page, live_server):
    page.goto(live_server.url + "/nl/advies/uitkomst?p=zelf.onder-18.ongewenst.gezien")
    page.get_by_role("link", name="English").click()
    assert page.url == live_server.url + "/en/advice/result?p=zelf.onder-18.ongewenst.gezien"
    page.get_by_role("link", name="Nederlands").click()
    assert page.url == live_server.url + "/nl/advies/uitkomst?p=zelf.onder-18.ongewenst.gezien"
    # An old English link with the Dutch words still works, answers and all.
    response = page.goto(live_server.url + "/en/advies/vraag?p=zelf&a=onder-18")
    assert response.request.redirected_from.url.endswith("/en/advies/vraag?p=zelf&a=onder-18")
    assert page.url == live_server.url + "/en/advice/question?p=zelf&a=onder-18"
