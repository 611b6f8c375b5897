"""The course's forms on a shared phone: completing keeps what was typed, the code page warns
about bookmarks and offers a copy button, a wrong code points at its field."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from hulpwijzer import events
from hulpwijzer.content import load_content
from tests.support.content import REAL_CONTENT
from tests.test_course import captured, text

STOPPEN = load_content(REAL_CONTENT).courses.get("stoppen")


def encode(modules: set[int]) -> str:
    """The Stoppen is Mogelijk course's progress code for these modules."""
    return STOPPEN.codes.encode(modules)


def test_completing_with_typed_answers_shows_them_with_the_new_code(client):
    with captured(events.module_completed) as completed:
        response = client.post(
            f"/en/stopping/3?voortgang={encode({1})}",
            data={"afsluiting": "Mijn eigen woorden", "actie": "afronden"},
        )
    assert response.status_code == 200 and completed == [{"lang": "en", "course": "stoppen", "number": 3}]
    html = text(response)
    assert "Mijn eigen woorden" in html and "Module 3 is marked as done." in html
    code = encode({1, 3})
    assert f'data-page-url="/en/stopping/3?voortgang={code}"' in html
    assert f'href="/en/stopping/?voortgang={code}">See your progress code' in html


def test_completing_without_answers_goes_to_the_progress_code(client):
    response = client.post("/nl/stoppen/2", data={"actie": "afronden"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/nl/stoppen/?voortgang={encode({2})}&klaar=2"


def test_the_module_form_holds_the_completion_button_and_keeps_nothing(client):
    html = text(client.get("/nl/stoppen/5"))
    form = html.split("data-course-answers", 1)[1].split("</form>", 1)[0]
    assert 'name="actie" value="afronden"' in form and "Module 5 afronden" in form
    assert 'autocomplete="off"' in html.split("data-course-answers", 1)[1].split(">", 1)[0]


def test_a_wrong_code_is_linked_from_the_error_summary_and_marked_on_the_field(client):
    html = text(client.get("/nl/stoppen/?voortgang=XXXXX"))
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#code-input"' in summary
    field = re.search(r'<input id="code-input"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field and 'aria-describedby="code-input-error"' in field
    assert 'id="code-input-error"' in html


def test_the_code_page_warns_about_bookmarks_and_copies_the_code(browser: Browser, live_server):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    code = encode({1, 2})
    page.goto(f"{live_server.url}/nl/stoppen/?voortgang={code}")
    expect(page.get_by_text("Een bladwijzer kan iedereen zien die deze browser gebruikt.")).to_be_visible()
    copy = page.get_by_role("button", name="Code kopiëren")
    box = copy.bounding_box()
    assert box["height"] >= 44
    copy.click()
    expect(page.get_by_role("status").filter(has_text="Gekopieerd.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == code
    context.close()


def test_without_javascript_there_is_no_copy_button(browser: Browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/stopping/?voortgang={encode({1})}")
    expect(page.get_by_role("button", name="Copy code")).to_be_hidden()
    expect(page.get_by_text("A bookmark can be seen by anyone who uses this browser.")).to_be_visible()
    context.close()


def test_the_stop_plan_prints_once(page: Page, live_server):
    page.goto(live_server.url + "/en/stopping/17")
    page.locator("textarea[name^=stopplan__]").first.fill("Walk the dog when it gets hard")
    page.get_by_role("button", name="See my answers").click()
    expect(page.locator(".stop-plan")).to_be_visible()
    page.emulate_media(media="print")
    printed = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(el => el.offsetParent !== null && el.children.length === 0)
            .map(el => el.textContent).join(' ')"""
    )
    assert printed.count("Walk the dog when it gets hard") == 1
