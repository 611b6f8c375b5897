"""Without JavaScript (Tor Browser's safest mode), nothing typed comes back either: after a posted
answers page, the quick exit and Back, no field and no page holds the text. Real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

EXIT_URL = "https://www.buienradar.nl/"
SECRET = "Dit mag niemand anders lezen"
BUTTON = {
    "see": {"nl": "Mijn antwoorden bekijken", "en": "See my answers"},
    "change": {"nl": "Mijn antwoorden aanpassen", "en": "Change my answers"},
}
LEAVE = {"nl": "Snel weg", "en": "Leave this site"}
COURSES = {"nl": ["stoppen", "naasten"], "en": ["stopping", "relatives"]}


@pytest.fixture
def no_js(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.route(
        EXIT_URL + "**", lambda route: route.fulfill(body="<title>Weer</title>weer", content_type="text/html")
    )
    yield page
    context.close()


def typed_anywhere(page: Page) -> list[str]:
    """Every field that holds the text, and the page itself if it shows it."""
    fields = page.evaluate(
        "s => [...document.querySelectorAll('input, textarea')]"
        ".filter(e => e.value.includes(s)).map(e => e.name)",
        SECRET,
    )
    return fields + (["page"] if SECRET in page.content() else [])


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("then", ["see", "change"])
@pytest.mark.parametrize("course", [0, 1])
def test_no_typed_text_after_the_quick_exit_and_back(no_js: Page, live_server, lang, then, course):
    module = f"{live_server.url}/{lang}/{COURSES[lang][course]}/2"
    no_js.goto(module)
    no_js.locator("form[data-personal] textarea").first.fill(SECRET)
    no_js.get_by_role("button", name=BUTTON["see"][lang]).click()
    no_js.wait_for_load_state()
    if then == "change":
        no_js.get_by_role("button", name=BUTTON["change"][lang]).click()
        no_js.wait_for_load_state()
    assert typed_anywhere(no_js), "the posted page shows the answers (else this test proves nothing)"
    no_js.get_by_role("link", name=LEAVE[lang], exact=True).click()
    no_js.wait_for_url(EXIT_URL)
    for _ in range(3):
        no_js.go_back()
        no_js.wait_for_load_state()
        assert typed_anywhere(no_js) == [], no_js.url
