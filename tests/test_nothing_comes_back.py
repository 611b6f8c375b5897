"""Nothing typed comes back: after the quick exit and Back, after another page and Back, after a
reload. Real Chromium, with its own form restoring and back/forward cache, both languages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Dialog, Page, expect

EXIT_URL = "https://www.buienradar.nl/"
SECRET = "Dit mag niemand anders lezen"
SEE = {"nl": "Mijn antwoorden bekijken", "en": "See my answers"}
LEAVE = {"nl": "Snel weg", "en": "Leave this site"}
STOPPEN = {"nl": "stoppen", "en": "stopping"}


@pytest.fixture
def visitor(page: Page):
    page.route(
        EXIT_URL + "**",
        lambda route: route.fulfill(body="<title>Weer</title>Het weer", content_type="text/html"),
    )
    dialogs: list[str] = []

    def answer(dialog: Dialog) -> None:
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    page.dialogs = dialogs
    return page


def type_answers(page: Page) -> None:
    page.locator("form[data-personal] textarea").first.fill(SECRET)
    page.locator("div.scale input").nth(7).check()


def assert_nothing_typed(page: Page) -> None:
    expect(page.locator("form[data-personal] textarea").first).to_have_value("")
    assert page.locator("div.scale input:checked").count() == 0
    assert SECRET not in page.content()


def left_the_site(page: Page, site: str) -> None:
    assert not page.url.startswith(site), f"Back showed {page.url}"
    assert SECRET not in page.content()


@pytest.mark.parametrize("width", [320, 360, 1280])
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("how", ["tap", "address bar"])
def test_after_the_answers_the_quick_exit_and_back_bring_nothing_back(
    visitor: Page, live_server, lang, width, how
):
    visitor.set_viewport_size({"width": width, "height": 740})
    documents = []
    visitor.on("request", lambda r: documents.append(r.method) if r.resource_type == "document" else None)
    module = f"{live_server.url}/{lang}/{STOPPEN[lang]}/1"
    overview = f"{live_server.url}/{lang}/{STOPPEN[lang]}/"
    visitor.goto(module)
    type_answers(visitor)
    visitor.get_by_role("button", name=SEE[lang]).click()
    expect(visitor.get_by_text(SECRET)).to_be_visible()
    # The answers are shown in place: no posted page in the history to resubmit on Back.
    assert visitor.url == module and documents == ["GET"]
    if how == "tap":
        visitor.locator(".breadcrumb a").click()  # inside the site: the one history entry is replaced
    else:
        visitor.goto(overview)  # typed in the address bar: a new entry, the module's stays behind it
    visitor.wait_for_url(overview)
    visitor.get_by_role("link", name=LEAVE[lang], exact=True).click()
    visitor.wait_for_url(EXIT_URL)
    visitor.go_back()
    if how == "tap":
        left_the_site(visitor, live_server.url)
    else:
        visitor.wait_for_url(module)
        assert_nothing_typed(visitor)
    assert "POST" not in documents and visitor.dialogs == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_typed_text_is_gone_after_another_page_and_back(visitor: Page, live_server, lang):
    visitor.goto(f"{live_server.url}/{lang}/{STOPPEN[lang]}/2")
    type_answers(visitor)
    visitor.locator(".module-nav a").last.click()
    visitor.wait_for_url(f"{live_server.url}/{lang}/{STOPPEN[lang]}/3")
    # Leaving with typed, unsent answers asked first.
    assert visitor.dialogs == ["beforeunload"]
    # The next module replaced the entry: Back leaves the site, it does not show module 2 again.
    visitor.go_back()
    left_the_site(visitor, live_server.url)
    # Reached by the address bar instead, module 2 comes back empty.
    visitor.goto(f"{live_server.url}/{lang}/{STOPPEN[lang]}/2")
    type_answers(visitor)
    visitor.goto(f"{live_server.url}/{lang}/{STOPPEN[lang]}/3")
    visitor.go_back()
    visitor.wait_for_url(f"{live_server.url}/{lang}/{STOPPEN[lang]}/2")
    assert_nothing_typed(visitor)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_typed_text_is_gone_after_a_reload(visitor: Page, live_server, lang):
    visitor.goto(f"{live_server.url}/{lang}/{STOPPEN[lang]}/4")
    type_answers(visitor)
    visitor.reload()
    assert visitor.dialogs == ["beforeunload"]
    assert_nothing_typed(visitor)


def test_the_quick_exit_never_asks_first(visitor: Page, live_server):
    visitor.goto(f"{live_server.url}/nl/stoppen/5")
    type_answers(visitor)
    for _ in range(3):
        visitor.keyboard.press("Shift")
    visitor.wait_for_url(EXIT_URL)
    assert visitor.dialogs == []


def test_survey_answers_do_not_come_back(visitor: Page, live_server):
    visitor.goto(f"{live_server.url}/en/advice/questions?p=zelf.onder-18.ongewenst.gezien")
    visitor.get_by_label("Girl or woman").check()
    visitor.get_by_label("Snapchat").check()
    visitor.goto(visitor.url.split("/en/")[0] + "/en/privacy")
    visitor.go_back()
    expect(visitor.get_by_label("Girl or woman")).not_to_be_checked()
    expect(visitor.get_by_label("Snapchat")).not_to_be_checked()
