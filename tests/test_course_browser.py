"""The course as a visitor uses it: real Chromium against the real server."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.support.courses import course_path

STORAGE_LENGTH = "localStorage.length"


def course_keys(page: Page) -> list[str]:
    return page.evaluate("Object.keys(localStorage)")


def test_progress_travels_by_bookmark_and_by_typed_code(browser: Browser, page: Page, live_server, course):
    page.goto(live_server.url + course_path(course, "nl", "1"))
    page.get_by_role("button", name="Module 1 afronden").click()
    expect(page.get_by_text("Module 1 is afgerond. Goed gedaan.")).to_be_visible()
    page.get_by_role("link", name="Verder met module 2").click()
    expect(page).to_have_url(re.compile(re.escape(course_path(course, "nl", "2?voortgang="))))
    page.get_by_role("button", name="Module 2 afronden").click()
    code = page.locator("[data-progress-code]").inner_text()
    assert code == course.codes.encode({1, 2})
    expect(page.get_by_text(f"Je hebt 2 van de {course.module_count} modules afgerond.")).to_be_visible()
    bookmark = page.get_by_role("link", name="Link naar mijn voortgang").get_attribute("href")
    assert page.context.cookies() == []
    assert page.evaluate(STORAGE_LENGTH) == 0

    # Another device: the bookmarked link ...
    other = browser.new_context()
    tab = other.new_page()
    tab.goto(live_server.url + bookmark)
    expect(tab.locator(".modules .badge")).to_have_count(2)
    expect(tab.get_by_role("link", name="Verder met module 3")).to_be_visible()
    other.close()

    # ... or the code, typed by hand (lowercase, with a space).
    third = browser.new_context()
    tab = third.new_page()
    tab.goto(live_server.url + course_path(course, "nl"))
    tab.get_by_label("Heb je een voortgangscode? Typ hem hier:").fill(f"{code[:2].lower()} {code[2:]}")
    tab.get_by_role("button", name="Verder met deze code").click()
    expect(tab.locator("[data-progress-code]")).to_have_text(code)
    tab.get_by_role("link", name="Verder met module 3").click()
    expect(tab).to_have_url(live_server.url + course_path(course, "nl", f"3?voortgang={code}"))
    assert third.cookies() == []
    third.close()


def test_a_mistyped_code_is_caught(page: Page, live_server, course):
    code = course.codes.encode({1, 2})
    typo = code[:-1] + ("A" if code[-1] != "A" else "B")
    page.goto(live_server.url + course_path(course, "en"))
    page.get_by_label("Do you have a progress code? Type it here:").fill(typo)
    page.get_by_role("button", name="Continue with this code").click()
    expect(page.get_by_role("alert")).to_contain_text("This progress code is not right")
    expect(page.get_by_role("link", name="Start with module 1")).to_be_visible()


def test_answers_stay_in_the_browser_only_after_opting_in_and_forget_everything(page: Page, live_server):
    requests = []
    page.on("request", lambda request: requests.append(request.method + " " + request.url))
    page.goto(live_server.url + "/en/stopping/6")
    page.get_by_label("Being admired, wanted or needed").check()
    page.locator("textarea[name=afsluiting]").fill("I learnt to notice the first signs.")
    page.get_by_role("button", name="See my answers").click()
    expect(page.get_by_text("I learnt to notice the first signs.")).to_be_visible()
    assert page.evaluate(STORAGE_LENGTH) == 0, "nothing may be stored before opting in"

    # Opting in on the answers page keeps what was just posted.
    page.get_by_role("button", name="Keep my answers in this browser").click()
    expect(page.get_by_role("button", name="Forget everything")).to_be_visible()
    assert sorted(course_keys(page)) == ["stoppen:bewaren", "stoppen:module-6"]

    # Anyone using this browser now sees them filled in.
    before = len(requests)
    other_tab = page.context.new_page()
    other_tab.goto(live_server.url + "/en/stopping/6")
    kept = other_tab.locator("textarea[name=afsluiting]")
    expect(kept).to_have_value("I learnt to notice the first signs.")
    expect(other_tab.get_by_label("Being admired, wanted or needed")).to_be_checked()
    other_tab.locator("textarea[name=voor-het-kijken]").fill("Tired, after a long day.")
    other_tab.locator("textarea[name=voor-het-kijken]").blur()
    assert "Tired, after a long day." in other_tab.evaluate("localStorage.getItem('stoppen:module-6')")
    # Keeping answers never sends them anywhere: the only requests were the page load itself.
    assert all(r.startswith("GET ") for r in requests[before:])

    other_tab.get_by_role("button", name="Forget everything").click()
    forgotten = other_tab.get_by_text("Done: this browser no longer keeps anything from this course.")
    expect(forgotten).to_be_visible()
    assert other_tab.evaluate(STORAGE_LENGTH) == 0
    expect(other_tab.get_by_role("button", name="Keep my answers in this browser")).to_be_visible()
    other_tab.reload()
    expect(other_tab.locator("textarea[name=afsluiting]")).to_have_value("")
    assert page.context.cookies() == []


def test_without_javascript_the_course_still_works(browser: Browser, live_server, course):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    last = course.module_count
    page.goto(live_server.url + course_path(course, "nl", str(last)))
    expect(page.locator("[data-storage]")).to_be_hidden()
    page.get_by_label("7", exact=True).first.check()
    page.get_by_role("button", name="Mijn antwoorden bekijken").click()
    expect(page.get_by_text("7 van de 10")).to_be_visible()
    expect(page.get_by_role("button", name="Afdrukken")).to_be_hidden()
    expect(page.get_by_text("Gebruik de afdrukknop van je browser")).to_be_visible()
    page.get_by_role("button", name=f"Module {last} afronden").click()
    expect(page.get_by_role("status")).to_contain_text(f"Module {last} is afgerond.")
    expect(page.get_by_text("7 van de 10")).to_be_visible()
    page.get_by_role("link", name="Bekijk je voortgangscode").click()
    expect(page.locator("[data-progress-code]")).to_have_text(course.codes.encode({last}))
    context.close()


def test_each_course_keeps_its_own_answers_in_the_browser(page: Page, live_server, app):
    courses = list(app.extensions["hulpwijzer.content"].courses)
    for course in courses:
        page.goto(live_server.url + course_path(course, "en", "1"))
        page.get_by_role("button", name="Keep my answers in this browser").click()
        last = course.module("en", 1).exercises[-1].id
        page.locator(f"textarea[name={last}]").fill(f"Kept for {course.id}")
        page.locator(f"textarea[name={last}]").blur()
    assert sorted(course_keys(page)) == sorted(
        key for course in courses for key in (f"{course.id}:bewaren", f"{course.id}:module-1")
    )
    first, *others = courses
    page.goto(live_server.url + course_path(first, "en", "1"))
    page.get_by_role("button", name="Forget everything").click()
    assert sorted(course_keys(page)) == sorted(
        key for course in others for key in (f"{course.id}:bewaren", f"{course.id}:module-1")
    )


def test_download_and_a_printable_stop_plan(page: Page, live_server):
    page.goto(live_server.url + "/en/stopping/17")
    page.get_by_label("My reasons to stop").fill("My daughter, and my own peace of mind.")
    people = page.get_by_label("People and services I can turn to, such as Stop it Now!")
    people.fill("Stop it Now!, my brother")
    page.get_by_role("button", name="See my answers").click()
    plan = page.locator(".stop-plan")
    expect(plan.get_by_role("heading", name="My personal stop plan")).to_be_visible()
    expect(plan).to_contain_text("My daughter, and my own peace of mind.")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download my answers").click()
    assert download.value.suggested_filename == "notes-17.txt"
    text = open(download.value.path(), encoding="utf-8").read()
    assert "My daughter, and my own peace of mind." in text and "Stop it Now!, my brother" in text

    page.emulate_media(media="print")
    expect(plan).to_be_visible()
    for hidden in (".actions", ".storage", ".site-footer", "form"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator(".help")).to_contain_text("0800-266 64 36")


def test_the_stop_plan_brings_in_earlier_answers_kept_in_this_browser(page: Page, live_server):
    page.goto(live_server.url + "/nl/stoppen/4")
    page.get_by_role("button", name="Mijn antwoorden in deze browser bewaren").click()
    page.get_by_label("Mijn belangrijkste reden om te stoppen").fill("Ik wil een goede vader zijn.")
    page.get_by_role("button", name="Mijn antwoorden bekijken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jouw antwoorden")
    page.goto(live_server.url + "/nl/stoppen/16")
    page.get_by_label("Wat ik meteen doe als de drang opkomt", exact=False).fill("Ik ga naar buiten.")
    page.get_by_role("button", name="Mijn antwoorden bekijken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jouw antwoorden")

    page.goto(live_server.url + "/nl/stoppen/17")
    page.get_by_label("Mijn doelen voor een goed leven").fill("Weer gaan sporten.")
    page.get_by_role("button", name="Invullen met mijn eerdere antwoorden").click()
    expect(page.get_by_label("Mijn redenen om te stoppen")).to_have_value("Ik wil een goede vader zijn.")
    expect(page.get_by_label("Wat ik in plaats daarvan doe als de drang opkomt")).to_have_value(
        "Ik ga naar buiten."
    )
    expect(page.get_by_label("Mijn doelen voor een goed leven")).to_have_value("Weer gaan sporten.")
    page.get_by_role("button", name="Mijn antwoorden bekijken").click()
    expect(page.locator(".stop-plan")).to_contain_text("Ik wil een goede vader zijn.")
    page.get_by_role("button", name="Alles vergeten").click()
    assert page.evaluate(STORAGE_LENGTH) == 0


def test_without_opting_in_there_is_nothing_to_bring_in(page: Page, live_server):
    page.goto(live_server.url + "/nl/stoppen/17")
    expect(page.get_by_role("button", name="Invullen met mijn eerdere antwoorden")).to_be_hidden()
    page.get_by_role("button", name="Mijn antwoorden in deze browser bewaren").click()
    expect(page.get_by_role("button", name="Invullen met mijn eerdere antwoorden")).to_be_visible()
    page.get_by_role("button", name="Alles vergeten").click()
    expect(page.get_by_role("button", name="Invullen met mijn eerdere antwoorden")).to_be_hidden()


def test_answers_page_and_a_refused_code_are_accessible_on_a_small_phone(page: Page, live_server):
    from axe_playwright_python.sync_playwright import Axe

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server.url + "/nl/stoppen/17")
    page.get_by_label("Mijn redenen om te stoppen").fill("Voor mijn kinderen.")
    page.get_by_label("5", exact=True).first.check()
    page.get_by_role("button", name="Mijn antwoorden bekijken").click()
    expect(page.locator(".stop-plan")).to_be_visible()
    for _ in range(2):
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.goto(live_server.url + "/nl/stoppen/?voortgang=FOUT1")


def test_every_course_s_pages_are_accessible(page: Page, live_server, course):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for lang in ("nl", "en"):
        plan_module = str(course.plan.module)
        for path in ("", "1", plan_module, f"?voortgang={course.codes.encode({1})}"):
            page.goto(live_server.url + course_path(course, lang, path))
            results = axe.run(page)
            assert results.violations_count == 0, results.generate_report()
    page.goto(live_server.url + course_path(course, "nl", plan_module))
    page.get_by_role("button", name="Mijn antwoorden bekijken").click()
    expect(page.locator(".stop-plan")).to_be_visible()
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
