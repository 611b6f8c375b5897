"""Help on the first screen of a phone (360×740), before any scrolling, in real Chromium: every
advice ending shows its one-line summary, the first thing to do and tappable human routes; every
course module a tappable helpline and who is awake at night, with its heading still in view."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from hulpwijzer.i18n import localized_path
from tests.support.advice import real_tree
from tests.support.courses import COURSE_IDS
from wizard import all_paths, encode_path

PHONE = {"width": 360, "height": 740}
PATHS = all_paths(real_tree())
# What must be on the first screen: a selector, and what it is (for the message).
ENDING = {
    ".first-help .lead": "the one-line summary",
    ".first-help .do-first a": "the first thing to do",
    '.first-help a[href="https://www.helpwanted.nl/"]': "Helpwanted's chat, phone and mail",
    '.first-help a[href="tel:08000113"]': "113 by phone",
    '.first-help a[href="https://www.113.nl/"]': "113's chat",
}
MODULE = {
    "h1": "the module's heading",
    '.first-help a[href="tel:08002666436"]': "Stop it Now!'s helpline",
    '.first-help a[href="tel:08000113"]': "113 by phone",
    '.first-help a[href="https://www.113.nl/"]': "113's chat",
}
FIRST_SCREEN = """wanted => {
    const out = {};
    for (const selector of wanted) {
        const element = document.querySelector(selector);
        const box = element && element.getBoundingClientRect();
        out[selector] = !!box && box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight
            && box.right <= window.innerWidth;
    }
    return out;
}"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def missing(page: Page, url: str, wanted: dict[str, str]) -> list[str]:
    page.goto(url)
    assert page.evaluate("window.scrollY") == 0
    seen = page.evaluate(FIRST_SCREEN, list(wanted))
    return [f"{url}: {wanted[selector]}" for selector, ok in seen.items() if not ok]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_advice_ending_gives_help_before_the_first_scroll(phone: Page, live_server, lang):
    result = live_server.url + localized_path("advice.result", lang)
    problems = [
        problem for path in PATHS for problem in missing(phone, f"{result}?p={encode_path(path)}", ENDING)
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_course_module_gives_a_helpline_before_the_first_scroll(phone: Page, live_server, app, lang):
    with app.app_context():
        from hulpwijzer.content import site_content

        courses = [site_content().courses.by_slug(course_id) for course_id in COURSE_IDS]
    problems = []
    for course in courses:
        base = f"{live_server.url}/{lang}/{course.slug[lang]}/"
        for number in range(1, course.module_count + 1):
            problems += missing(phone, f"{base}{number}", MODULE)
    assert not problems, "\n".join(problems)
