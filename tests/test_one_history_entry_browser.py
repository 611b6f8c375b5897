"""One entry in the browser's history for a whole visit: after the quick exit, Back never shows
a page of the site. Real Chromium at phone size, both languages, JavaScript on; the exit goes to
a page on another port (HULPWIJZER_QUICK_EXIT_URL), as it goes to another site in production."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page, expect

from tests.support.server import start_server

PHONE = {"width": 360, "height": 740}
WORDS = {
    "nl": {"start": "Begin", "next": "Verder", "see": "Mijn antwoorden bekijken", "leave": "Snel weg"},
    "en": {"start": "Start", "next": "Continue", "see": "See my answers", "leave": "Leave this site"},
}
ADVICE = {"nl": "/nl/advies/", "en": "/en/advice/"}
COURSES = {"stoppen": {"nl": "stoppen", "en": "stopping"}, "naasten": {"nl": "naasten", "en": "relatives"}}


class Elsewhere(BaseHTTPRequestHandler):
    """Another site: where the visitor came from, and where the quick exit goes."""

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        body = f"<!doctype html><title>Elders</title><p>{self.path}</p>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def elsewhere():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Elsewhere)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def site(tmp_path_factory, elsewhere):
    server = start_server(
        tmp_path_factory.mktemp("history"), env={"HULPWIJZER_QUICK_EXIT_URL": elsewhere + "/weer"}, workers=1
    )
    yield server.url
    server.stop()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()


def arrive(page: Page, elsewhere: str, url: str) -> list[str]:
    """Come from another site, as a visitor does; returns the site's pages seen, as they load."""
    page.goto(elsewhere + "/zoekresultaten")
    seen: list[str] = []
    page.on("framenavigated", lambda frame: seen.append(frame.url) if frame == page.main_frame else None)
    page.goto(url)
    page.entries = page.evaluate("history.length")
    return seen


def one_entry(page: Page) -> bool:
    """The whole visit still has the one entry it began with."""
    return page.evaluate("history.length") == page.entries


def leave_and_go_back(page: Page, site: str, elsewhere: str, lang: str) -> None:
    page.get_by_role("link", name=WORDS[lang]["leave"], exact=True).click()
    page.wait_for_url(elsewhere + "/weer")
    for _ in range(3):
        page.go_back()
        page.wait_for_load_state()
        assert not page.url.startswith(site), f"Back showed {page.url}"
        assert "Elders" in page.title() or page.url == "about:blank", page.url
    # Where the visit began is still there: only the site's own entry was replaced.
    assert page.url in (elsewhere + "/zoekresultaten", "about:blank")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_visit_to_the_advice_module_leaves_no_page_to_go_back_to(phone: Page, site, elsewhere, lang):
    seen = arrive(phone, elsewhere, site + ADVICE[lang])
    phone.get_by_role("link", name=WORDS[lang]["start"], exact=True).click()
    questions = 0
    while not phone.locator("article.advice").count():
        expect(phone.locator("legend")).to_be_visible()
        phone.locator("input[name=a]").first.check()
        phone.get_by_role("button", name=WORDS[lang]["next"]).click()
        phone.wait_for_load_state()
        questions += 1
        if questions == 2:
            # The site's own Back link still goes back one question, with the answer chosen.
            phone.locator(".back-link").click()
            expect(phone.locator("input[name=a]:checked")).to_have_count(1)
    assert questions >= 3 and len(set(seen)) >= 5, seen
    assert one_entry(phone)
    leave_and_go_back(phone, site, elsewhere, lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("course", COURSES)
def test_a_visit_to_a_course_leaves_no_page_to_go_back_to(phone: Page, site, elsewhere, lang, course):
    slug = COURSES[course][lang]
    seen = arrive(phone, elsewhere, f"{site}/{lang}/{slug}/")
    phone.locator("a.button").first.click()  # start with module 1
    phone.wait_for_url(f"{site}/{lang}/{slug}/1")
    # The answers are posted and shown in place, then on to the next modules.
    phone.get_by_role("button", name=WORDS[lang]["see"]).click()
    expect(phone.locator("h1")).to_contain_text("1")
    phone.locator(".breadcrumb a").click()
    phone.wait_for_url(f"{site}/{lang}/{slug}/")
    for number in (1, 2, 3):
        phone.locator(f'ol.modules a[href="/{lang}/{slug}/{number}"]').click()
        phone.wait_for_url(f"{site}/{lang}/{slug}/{number}")
        if number < 3:
            phone.locator(".breadcrumb a").click()
            phone.wait_for_url(f"{site}/{lang}/{slug}/")
    assert len(seen) >= 6, seen
    assert one_entry(phone)
    leave_and_go_back(phone, site, elsewhere, lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_visit_to_the_content_pages_leaves_no_page_to_go_back_to(phone: Page, site, elsewhere, lang):
    seen = arrive(phone, elsewhere, f"{site}/{lang}/")
    phone.locator(".site-footer a").nth(1).click()  # privacy
    phone.wait_for_url(f"{site}/{lang}/privacy")
    phone.locator(".site-footer a").first.click()  # leaving safely
    phone.wait_for_url(f"{site}/{lang}/veilig-weg")
    phone.locator(".site-header .language").first.click()  # the other language, and back
    phone.wait_for_load_state()
    phone.locator(".site-header .language").first.click()
    phone.wait_for_url(f"{site}/{lang}/veilig-weg")
    assert len(seen) >= 5, seen
    assert one_entry(phone)
    leave_and_go_back(phone, site, elsewhere, lang)
