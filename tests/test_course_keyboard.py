"""A course module done with the keyboard alone, in real Chromium."""

import re

from playwright.sync_api import Page, expect

from tests.support.courses import course_path
from tests.support.keyboard import tab_to, tab_to_text


def test_module_one_by_keyboard_only(page: Page, live_server, course):
    page.goto(live_server.url + course_path(course, "en"))
    tab_to_text(page, "Start with module 1")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + course_path(course, "en", "1"))

    tab_to(page, "fieldset.scale input[type=radio]")
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    tab_to(page, "fieldset.reflection textarea")
    page.keyboard.type("Evenings alone are hard.")
    tab_to_text(page, "See my answers")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Evenings alone are hard.")
    expect(page.locator(".answer").first.locator(".answer-text")).to_have_text("4 out of 10")

    # Done is a button next to the answers: what was typed is still shown, and the code is in the address.
    tab_to_text(page, "Mark module 1 as done")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Module 1 is marked as done.")
    expect(page.locator("main")).to_contain_text("Evenings alone are hard.")
    code = course.codes.encode({1})
    expect(page).to_have_url(re.compile(re.escape(course_path(course, "en", f"1?voortgang={code}")) + "$"))
    tab_to_text(page, "See your progress code")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(course_path(course, "en", f"?voortgang={code}"))))
    assert page.context.cookies() == []
