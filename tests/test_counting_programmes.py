"""Counting through the programmes' real pages: the advice module, its questions, and the course."""

from __future__ import annotations

from collections import Counter
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Browser, expect

from tests.support.counts import BROWSER, sqlite_rows, totals
from tests.support.server import start_server
from tests.test_advice_browser import walk_2016_flow
from wizard import encode_path

ADVICE_2016 = "/nl/advies/uitkomst?p=zelf.onder-18.seksueel-contact.chat.ja.ja.geld.niet-verteld"


def test_advice_start_advice_topic_and_survey_through_the_real_pages(counting_app, visitor):
    assert visitor.get("/nl/advies/vraag").status_code == 200
    page = visitor.get(ADVICE_2016, headers={"Sec-Fetch-Site": "same-origin"})
    coded = encode_path(("zelf", "onder-18", "seksueel-contact", "chat", "ja", "ja", "geld", "niet-verteld"))
    survey_link = f'<a href="/nl/advies/vragen?p={coded}">'
    assert survey_link in page.get_data(as_text=True)
    survey = visitor.get(ADVICE_2016.replace("uitkomst", "vragen"), headers={"Sec-Fetch-Site": "same-origin"})
    html = survey.get_data(as_text=True)
    assert 'action="/nl/advies/vragen"' in html and 'name="topic" type="hidden" value="sextortion"' in html
    thanks = visitor.post(
        "/nl/advies/vragen",
        data={"topic": "sextortion", "age": "12-18", "gender": "girl", "platform": "snapchat"},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert thanks.status_code == 200
    found = totals(counting_app)
    assert found[("advice.start", "nl")] == 1
    assert found[("advice.topic", "sextortion")] == 1
    assert sum(n for (metric, _), n in found.items() if metric == "advice.reached") == 1
    assert found[("page", "/nl/advies/uitkomst")] == 1, "the path of answers is never part of the page"
    assert found[("visit", "advice")] == 1
    assert (
        found[("survey.topic_age", "sextortion|12-18")]
        == found[("survey.topic_gender", "sextortion|girl")]
        == 1
    )
    assert found[("survey.platform", "snapchat")] == 1


def test_survey_refuses_a_topic_the_advice_module_does_not_have(counting_app, visitor):
    response = visitor.post("/en/advice/questions", data={"topic": "made-up-topic", "age": "26+"})
    assert response.status_code == 400
    assert not [key for key in totals(counting_app) if key[0].startswith("survey")]


def test_course_views_completions_and_returning_visitors_through_the_real_pages(counting_app, visitor):
    assert visitor.get("/nl/stoppen/6").status_code == 200
    done = visitor.post("/nl/stoppen/6/klaar", headers={"Sec-Fetch-Site": "same-origin"})
    assert done.status_code == 303
    resume = done.headers["Location"]
    code = parse_qs(urlsplit(resume).query)["voortgang"][0]
    # The same visitor goes on inside the site: not a new visit, so not a returning visitor.
    assert visitor.get(resume, headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
    # Later, from a bookmark: a new visit that resumes with a progress code.
    assert visitor.get(resume, headers={"Sec-Fetch-Site": "none"}).status_code == 200
    visitor.get(resume, headers={"Sec-Fetch-Site": "none", "User-Agent": "Googlebot/2.1"})
    found = totals(counting_app)
    assert found[("module.view", "stoppen-6")] == 1
    assert found[("module.done", "stoppen-6")] == 1
    assert found[("course.returning", "stoppen")] == 1
    assert found[("visit", "course")] == 2
    stored = " ".join(f"{m} {i}" for (m, i) in found)
    assert len(code) >= 4 and code not in stored and urlsplit(resume).query not in stored


def test_a_bot_marking_a_module_done_is_not_counted(counting_app, visitor):
    visitor.post("/nl/stoppen/3/klaar", headers={"User-Agent": "Mozilla/5.0 (compatible; bingbot/2.0)"})
    assert totals(counting_app)[("module.done", "stoppen-3")] == 0


def test_a_visitor_walks_the_advice_and_answers_the_questions_in_chromium(browser: Browser, tmp_path):
    db = tmp_path / "counts.sqlite3"
    server = start_server(tmp_path, env={"DATABASE_URL": f"sqlite:///{db}"}, workers=2)
    try:
        context = browser.new_context(user_agent=BROWSER)
        page = context.new_page()
        walk_2016_flow(page, server.url)
        page.get_by_role("link", name="Help ons beter te worden").click()
        survey = page.locator("section.survey")
        expect(survey.get_by_role("heading")).to_have_text("Wil je een paar vragen beantwoorden?")
        # The advice questions already asked the age: the survey takes the band from them.
        expect(survey.get_by_text("Je leeftijdsgroep (12 tot en met 18)")).to_be_visible()
        expect(survey.get_by_label("12 tot en met 18")).to_have_count(0)
        survey.get_by_label("Meisje of vrouw").check()
        survey.get_by_label("Snapchat").check()
        survey.get_by_label("Instagram").check()
        survey.get_by_role("button", name="Verstuur mijn antwoorden").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor je antwoorden")
        expect(page.locator(".help a[href^='tel:']").first).to_be_visible()
        assert page.context.cookies() == []
        context.close()
    finally:
        server.stop()
    found: Counter = Counter()
    for _period, metric, item, n in sqlite_rows(db):
        found[(metric, item)] += n
    assert found[("visit", "site")] == 1 and found[("visit", "advice")] == 0
    assert found[("advice.start", "nl")] == 1
    assert found[("advice.topic", "sextortion")] == 1
    assert found[("survey.age", "12-18")] == found[("survey.gender", "girl")] == 1
    assert found[("survey.platform", "snapchat")] == found[("survey.platform", "instagram")] == 1
    assert found[("survey.topic_age", "sextortion|12-18")] == 1
    assert not [key for key in found if key[0] in ("survey.police", "survey.useful")]
