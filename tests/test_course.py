"""Every course through Flask's test client: pages, progress codes, answers, signals."""

import re
from contextlib import contextmanager

import pytest

from hulpwijzer import events
from tests.support.courses import course_path


@contextmanager
def captured(signal):
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    signal.connect(receiver)
    try:
        yield calls
    finally:
        signal.disconnect(receiver)


def text(response) -> str:
    return response.get_data(as_text=True)


def help_of(app, course, lang):
    """The help block under a course's pages: its own, or its programme's."""
    content = app.extensions["hulpwijzer.content"]
    return course.help_html.get(lang) or content.programme(course.programme, lang).help_html


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_module_renders_with_its_exercises_and_its_help_block(client, app, course, lang):
    for module in course.in_language(lang):
        response = client.get(course_path(course, lang, str(module.number)))
        assert response.status_code == 200
        html = text(response)
        assert module.title in html
        for exercise in module.exercises:
            assert f'id="oefening-{exercise.id}"' in html
        assert html.count("<fieldset") == len(module.exercises)
        assert help_of(app, course, lang) in html
        assert 'href="tel:08002666436"' in html and 'href="tel:08000113"' in html
        # Only the course's own help block: the advice module's (Helpwanted's) is never added to it.
        # Module texts may point young victims to Helpwanted (issue 22).
        assert html.count(help_of(app, course, lang)) == 1
        assert "Helpwanted" not in help_of(app, course, lang)
        assert "Set-Cookie" not in response.headers
    assert len(course.in_language(lang)) == course.module_count >= 6


def test_stoppen_has_its_17_modules_and_the_programme_help(app, client):
    stoppen = app.extensions["hulpwijzer.content"].courses.get("stoppen")
    assert stoppen.module_count == 17 and stoppen.help_html == {}
    html = text(client.get("/nl/stoppen/6"))
    assert "0800-266 64 36" in html and "0800-0113" in html


@pytest.mark.parametrize(("lang", "heading"), [("nl", "De {} modules"), ("en", "The {} modules")])
def test_overview_lists_every_module_and_the_home_links_to_it(client, course, lang, heading):
    html = text(client.get(course_path(course, lang)))
    assert heading.format(course.module_count) in html
    assert course.name[lang] in html
    links = set(re.findall(rf'href="{course_path(course, lang)}(\d+)"', html))
    assert links == {str(n) for n in range(1, course.module_count + 1)}
    home = text(client.get(f"/{lang}/"))
    assert f'href="{course_path(course, lang)}"' in home and course.name[lang] in home


def test_marking_done_leads_to_a_url_with_the_code(client, course):
    with captured(events.module_completed) as completed:
        response = client.post(course_path(course, "nl", "1/klaar"))
    assert response.status_code == 303
    code = course.codes.encode({1})
    assert response.headers["Location"] == course_path(course, "nl", f"?voortgang={code}&klaar=1")
    assert completed == [{"lang": "nl", "course": course.id, "number": 1}]
    second = client.post(course_path(course, "nl", f"2/klaar?voortgang={code}"))
    assert f"voortgang={course.codes.encode({1, 2})}" in second.headers["Location"]


def test_overview_shows_code_bookmark_and_next_module(client, course):
    code = course.codes.encode({1, 2, 4})
    overview = course_path(course, "en")
    html = text(client.get(f"{overview}?voortgang={code}&klaar=4"))
    assert f"data-progress-code>{code}</strong>" in html
    assert f'<a class="bookmark" href="{overview}?voortgang={code}">' in html
    assert f'href="{overview}3?voortgang={code}">Continue with module 3' in html
    assert "Module 4 is marked as done" in html
    assert f"You have finished 3 of the {course.module_count} modules." in html
    assert html.count('class="badge"') == 3


def test_all_done(client, course):
    code = course.codes.encode(range(1, course.module_count + 1))
    html = text(client.get(course_path(course, "en", f"?voortgang={code}")))
    assert f"You have finished all {course.module_count} modules." in html


def test_links_inside_the_course_keep_the_code(client, course):
    code = course.codes.encode({1, 2})
    html = text(client.get(course_path(course, "nl", f"5?voortgang={code}")))
    prefix = course_path(course, "nl")
    course_links = re.findall(rf'(?:href|action)="({prefix}[^"]*)"', html)
    assert course_links and all(f"voortgang={code}" in link for link in course_links)
    # The language switch goes to the course's own slug in the other language.
    assert f'href="{course_path(course, "en", "5")}?voortgang={code}"' in html


def test_links_written_in_a_module_text_keep_the_code(client):
    code = "0007J"  # stoppen, modules 1-3 done
    html = text(client.get(f"/nl/stoppen/5?voortgang={code}"))
    assert f'href="/nl/stoppen/8?voortgang={code}"' in html  # [module 8](module:8) in the text


def test_without_a_code_links_stay_clean(client, course):
    html = text(client.get(course_path(course, "nl", "5")))
    assert "voortgang=" not in html.replace('name="voortgang"', "")


def test_another_language_s_slug_redirects_permanently_keeping_the_query(client, course):
    for lang, other in (("nl", "en"), ("en", "nl")):
        if course.slug[lang] == course.slug[other]:
            continue
        wrong = f"/{lang}/{course.slug[other]}/3?voortgang=X&klaar=1"
        response = client.get(wrong)
        assert response.status_code == 308
        assert response.headers["Location"] == course_path(course, lang, "3?voortgang=X&klaar=1")


def test_the_old_english_stoppen_urls_answer_a_permanent_redirect(client):
    response = client.get("/en/stoppen/?voortgang=0007J")
    assert response.status_code == 308
    assert response.headers["Location"] == "/en/stopping/?voortgang=0007J"
    assert client.get("/nl/stoppen/").status_code == 200


@pytest.mark.parametrize(
    "query",
    ["voortgang=ABCDE", "voortgang=<script>", "voortgang=" + "9" * 30, "voortgang=0001Y&voortgang=x"],
)
@pytest.mark.parametrize(
    ("lang", "message"),
    [("nl", "Deze voortgangscode klopt niet"), ("en", "This progress code is not right")],
)
def test_a_wrong_code_gives_a_clear_message_and_the_overview(client, app, course, query, lang, message):
    for path in (course_path(course, lang), course_path(course, lang, "6")):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400
        html = text(response)
        assert message in html and 'name="voortgang"' in html and help_of(app, course, lang) in html


def test_a_code_of_another_course_is_refused(client, app):
    codes = {c.id: c.codes.encode({1, 2}) for c in app.extensions["hulpwijzer.content"].courses}
    for course in app.extensions["hulpwijzer.content"].courses:
        for other, code in codes.items():
            status = client.get(course_path(course, "nl", f"?voortgang={code}")).status_code
            assert status == (200 if other == course.id else 400)


def test_a_mistyped_code_is_refused_but_a_lowercase_one_is_fine(client, course):
    code = course.codes.encode({1, 2, 3})
    typo = code[:1] + ("A" if code[1] != "A" else "B") + code[2:]
    assert client.get(course_path(course, "nl", f"?voortgang={typo}")).status_code == 400
    assert client.get(course_path(course, "nl", f"?voortgang={code.lower()}")).status_code == 200


def test_modules_that_do_not_exist(client, course):
    beyond = course.module_count + 1
    for path in ("0", str(beyond), "99/klaar"):
        url = course_path(course, "nl", path)
        response = client.post(url) if path.endswith("klaar") else client.get(url)
        assert response.status_code == 404
        assert f"modules 1 tot en met {course.module_count}" in text(response)


def test_unknown_query_parameters_are_harmless(client, course):
    assert client.get(course_path(course, "nl", "?klaar=abc&x=%00")).status_code == 200
    assert client.get(course_path(course, "nl", "3?klaar=99")).status_code == 200


ANSWERS = {
    "startpunt": "7",
    "soorten": ["toekomst", "troost"],
    "voor-het-kijken": "Ik was moe en alleen. Uniek-antwoord-4711",
    "mijn-plan__signaal": "Ik merk het aan onrust",
}


def test_answers_come_back_on_a_page_that_is_not_cached(client):
    response = client.post("/nl/stoppen/6", data=ANSWERS)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = text(response)
    assert "Uniek-antwoord-4711" in html and "Ik merk het aan onrust" in html
    assert "7 van de 10" in html and "(niet ingevuld)" in html
    assert "Daydreaming" not in html and "Dagdromen over later" in html
    # The download form carries exactly what was posted, to post it once more.
    assert '<input type="hidden" name="soorten" value="troost">' in html


def test_every_course_takes_answers_and_gives_a_download(client, course):
    module = course.module("en", 1)
    reflection = module.exercises[-1]
    data = {reflection.id: "Mijn eigen antwoord 5150", "actie": "download"}
    response = client.post(course_path(course, "en", "1"), data=data)
    assert response.status_code == 200 and response.mimetype == "text/plain"
    # A neutral name: it lands in a Downloads folder that others may see.
    assert response.headers["Content-Disposition"] == 'attachment; filename="notes-01.txt"'
    body = text(response)
    assert body.startswith(f"{course.name['en']} – Module 1: {module.title}\n")
    assert "Mijn eigen antwoord 5150" in body


def test_download_is_a_text_file_made_from_the_post(client):
    response = client.post("/en/stopping/6", data={**ANSWERS, "actie": "download"})
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    # A neutral name: it lands in a Downloads folder that others may see.
    assert response.headers["Content-Disposition"] == 'attachment; filename="notes-06.txt"'
    body = text(response)
    assert body.startswith("Stopping is possible – Module 6: Fantasies\n")
    assert "   7 out of 10" in body and "   - Being comforted, or taking care of someone" in body
    assert "Uniek-antwoord-4711" in body
    dutch = client.post("/nl/stoppen/6", data={**ANSWERS, "actie": "download"})
    assert 'filename="notities-06.txt"' in dutch.headers["Content-Disposition"]


def test_change_my_answers_brings_the_filled_in_form_back(client):
    html = text(client.post("/nl/stoppen/6", data={**ANSWERS, "actie": "wijzigen"}))
    assert "Ik was moe en alleen. Uniek-antwoord-4711</textarea>" in html
    assert "<input type=radio name=startpunt value=7 checked>" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"startpunt": "11"}, "Kies een getal van 0 tot en met 10."),
        ({"soorten": ["toekomst", "iets-anders"]}, "Kies alleen uit de keuzes die hier staan."),
        ({"afsluiting": "x" * 4001}, "Houd dit antwoord korter dan 4000 tekens."),
    ],
)
def test_bad_answers_are_refused_with_a_translated_message(client, data, message):
    response = client.post("/nl/stoppen/6", data=data)
    assert response.status_code == 400
    html = text(response)
    assert message in html and "Iets in je antwoorden konden we niet gebruiken" in html


def test_an_unknown_button_and_an_oversized_post_are_refused(client):
    assert client.post("/nl/stoppen/6", data={"actie": "wissen"}).status_code == 400
    huge = client.post("/nl/stoppen/6", data={"afsluiting": "x" * 70_000})
    assert huge.status_code == 413 and "tel:08002666436" in text(huge)


def test_module_17_prints_a_personal_stop_plan(client):
    response = client.post(
        "/nl/stoppen/17",
        data={"stopplan__redenen": "Voor mijn dochter", "stopplan__mensen": "Stop it Now!, mijn broer"},
    )
    html = text(response)
    start = html.index('class="box stop-plan"')
    plan = html[start : html.index("</section>", start)]
    assert "Mijn persoonlijke stopplan" in plan
    labels = re.findall(r"<dt>(.*?)</dt>", plan)
    assert len(labels) == 6 and labels[0] == "Mijn redenen om te stoppen"
    assert "<dd>Voor mijn dochter</dd>" in plan and plan.count("<dd></dd>") == 4


def test_every_course_prints_its_plan_with_the_plan_module(client, course):
    module = course.module("nl", course.plan.module)
    exercise = module.exercise(course.plan.exercise)
    first = exercise.choices[0]
    data = {f"{exercise.id}__{first.id}": "Mijn eerste stap 8086"}
    html = text(client.post(course_path(course, "nl", str(module.number)), data=data))
    start = html.index('class="box stop-plan"')
    plan = html[start : html.index("</section>", start)]
    assert re.findall(r"<dt>(.*?)</dt>", plan) == [item.label for item in exercise.choices]
    assert "<dd>Mijn eerste stap 8086</dd>" in plan
    if course.module_count > 1:
        other = 1 if course.plan.module != 1 else 2
        assert "stop-plan" not in text(client.post(course_path(course, "nl", str(other)), data={}))


def test_signals_for_the_counters(make_app):
    # Without the page cache: this is about what the views send (replays are tested with the cache).
    client = make_app(PAGE_CACHE=False).test_client()
    code = "0007J"
    with (
        captured(events.module_viewed) as viewed,
        captured(events.course_progress_seen) as seen,
    ):
        client.get("/en/stopping/6")
        client.get(f"/nl/stoppen/7?voortgang={code}")
        client.get(f"/nl/stoppen/?voortgang={code}")
        client.get("/nl/stoppen/")
        client.get("/nl/stoppen/?voortgang=BROKEN")
    assert viewed == [
        {"lang": "en", "course": "stoppen", "number": 6},
        {"lang": "nl", "course": "stoppen", "number": 7},
    ]
    assert seen == [{"lang": "nl", "course": "stoppen", "done_count": 3}] * 2


def test_the_course_alone_or_not_at_all(make_app, course):
    advice_only = make_app(PROGRAMMES=("advice",)).test_client()
    assert advice_only.get(course_path(course, "nl")).status_code == 404
    assert course_path(course, "nl") not in text(advice_only.get("/nl/"))


def test_module_17_knows_where_each_stop_plan_item_comes_from(client):
    html = text(client.get("/en/stopping/17"))
    assert "data-fill-stop-plan hidden" in html
    assert 'data-sources="4:mijn-redenen__belangrijkste-reden 4:mijn-redenen__voor-wie' in html
    assert html.count("data-sources=") == 6
    assert "data-sources" not in text(client.get("/en/stopping/16"))


def test_a_module_marked_done_by_mistake_can_be_undone(client, course):
    code = course.codes.encode({2, 6})
    html = client.get(course_path(course, "nl", f"6?voortgang={code}")).get_data(as_text=True)
    assert "Zet module 6 terug op niet klaar" in html
    response = client.post(course_path(course, "nl", f"6/niet-klaar?voortgang={code}"))
    assert response.status_code == 303
    assert response.headers["Location"] == course_path(
        course, "nl", f"6?voortgang={course.codes.encode({2})}"
    )
    last = client.post(course_path(course, "nl", f"2/niet-klaar?voortgang={course.codes.encode({2})}"))
    assert last.headers["Location"] == course_path(course, "nl", "2")
    assert client.post(course_path(course, "nl", "6/niet-klaar?voortgang=XXXXX")).status_code == 400
    assert client.post(course_path(course, "nl", "99/niet-klaar")).status_code == 404


def test_a_course_that_does_not_exist_is_a_404_in_the_right_language(client):
    for path in ("/nl/bestaat-niet/", "/en/no-such-course/3", "/nl/privacy/"):
        response = client.get(path)
        assert response.status_code == 404
        html = text(response)
        assert f'<html lang="{path[1:3]}"' in html and 'href="tel:' in html
    assert client.post("/nl/bestaat-niet/1/klaar").status_code == 404


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_course_address_without_its_slash_leads_to_the_course(client, course, lang):
    slug = course.slug[lang]
    response = client.get(f"/{lang}/{slug}?voortgang=x")
    assert response.status_code == 308
    assert response.headers["Location"] == f"/{lang}/{slug}/?voortgang=x"
