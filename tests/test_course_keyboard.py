"""A course module done with the keyboard alone, in real Chromium."""

import re

from playwright.sync_api import Page, expect

MAX_TABS = 400
FOCUSED_TEXT = "(document.activeElement.innerText || document.activeElement.value || '').trim()"


def tab_to(page: Page, text: str) -> None:
    """Press Tab until the focused element shows ``text``, as a keyboard user would."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_TEXT)
        if focused == text:
            return
    raise AssertionError(f"{text!r} cannot be reached with Tab")


def tab_to_field(page: Page, selector: str) -> None:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_module_one_by_keyboard_only(page: Page, live_server):
    page.goto(live_server.url + "/en/stoppen/")
    tab_to(page, "Start with module 1")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/en/stoppen/1")

    tab_to_field(page, "fieldset.scale input[type=radio]")
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    tab_to_field(page, "fieldset.reflection textarea")
    page.keyboard.type("Evenings alone are hard.")
    tab_to(page, "See my answers")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Evenings alone are hard.")
    expect(page.locator(".answer").first.locator(".answer-text")).to_have_text("4 out of 10")

    page.go_back()
    tab_to(page, "Mark module 1 as done")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/stoppen/.*voortgang=[0-9A-Z]{5}"))
    assert page.context.cookies() == []
