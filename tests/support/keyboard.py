"""Moving through a page with the Tab key, as a keyboard-only visitor does."""

from __future__ import annotations

from playwright.sync_api import Page

FOCUSED_TEXT = "(document.activeElement.innerText || document.activeElement.value || '').trim()"


def tab_to(page: Page, selector: str, limit: int = 400) -> None:
    """Press Tab until the focused element matches the CSS ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def tab_to_text(page: Page, text: str, limit: int = 400) -> None:
    """Press Tab until the focused element shows ``text``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_TEXT) == text:
            return
    raise AssertionError(f"Tab never reached {text!r}")
