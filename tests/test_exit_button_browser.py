"""The quick exit never covers text, at any width from 320 to 1400 px and anywhere on a long page,
and the skip link shows above it when focused on a phone. Real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

WIDTHS = [*range(320, 1401, 40), 640, 950, 1000, 1023, 1024, 1030]
PAGES = ["/nl/stoppen/6", "/en/advice/result?p=zelf.onder-18.chat.ja.ja.geld.niet-verteld", "/nl/veilig-weg"]
COVERED = """() => {
    const bar = document.querySelector('.quick-exit-bar'), exit = bar.getBoundingClientRect();
    const band = exit.width >= window.innerWidth - 1;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const covered = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent.trim();
        if (!text || bar.contains(node) || node.parentElement.closest('[hidden], .skip-link')) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const line of range.getClientRects()) {
            const across = line.right > exit.left && line.left < exit.right;
            if (line.width && across && line.bottom > exit.top && line.top < exit.bottom) covered.push(text);
        }
    }
    return {band, covered};
}"""


@pytest.fixture(scope="module")
def wide(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("url", PAGES)
def test_the_exit_button_never_covers_text(wide: Page, live_server, url):
    problems = []
    for width in WIDTHS:
        wide.set_viewport_size({"width": width, "height": 740})
        wide.goto(live_server.url + url)
        height = wide.evaluate("document.documentElement.scrollHeight")
        for y in (0, 333, 1000, height // 2, height):
            wide.evaluate(f"window.scrollTo(0, {y})")
            found = wide.evaluate(COVERED)
            if found["band"] and y:
                # A band across the whole width is in the page's flow at the top and, scrolled,
                # stays above the text like a header: nothing sits beside it to be covered.
                continue
            if found["covered"]:
                problems.append(f"{width}px, scrolled {y}: {found['covered'][:3]}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [320, 360])
def test_the_skip_link_shows_above_the_exit_bar_when_focused(wide: Page, live_server, width):
    wide.set_viewport_size({"width": width, "height": 740})
    for url in PAGES:
        wide.goto(live_server.url + url)
        wide.keyboard.press("Tab")
        seen = wide.evaluate(
            """() => {
                const link = document.querySelector('.skip-link'), box = link.getBoundingClientRect();
                const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
                return {focused: document.activeElement === link, on_top: hit === link,
                        inside: box.left >= 0 && box.top >= 0 && box.right <= innerWidth};
            }"""
        )
        assert seen == {"focused": True, "on_top": True, "inside": True}, (url, seen)
