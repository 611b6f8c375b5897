"""The course through Flask's test client: pages, progress codes, answers, signals."""

import re
from contextlib import contextmanager

import pytest

from hulpwijzer import create_app, events
from hulpwijzer.progress import encode

MODULES = range(1, 18)


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


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("number", MODULES)
def test_every_module_renders_with_its_exercises_and_both_help_numbers(client, app, lang, number):
    response = client.get(f"/{lang}/stoppen/{number}")
    assert response.status_code == 200
    html = text(response)
    module = app.extensions["hulpwijzer.content"].sections["course"].module(lang, number)
    assert module.title in html
    for exercise in module.exercises:
        assert f'id="oefening-{exercise.id}"' in html
    assert html.count("<fieldset") == len(module.exercises)
    assert 'href="tel:08002666436"' in html and "0800-266 64 36" in html
    assert 'href="tel:08000113"' in html and "0800-0113" in html
    assert "Helpwanted" not in html  # only the course's own help block
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize(("lang", "heading"), [("nl", "De 17 modules"), ("en", "The 17 modules")])
def test_overview_lists_17_modules_and_the_home_links_to_it(client, lang, heading):
    html = text(client.get(f"/{lang}/stoppen/"))
    assert heading in html
    assert len(re.findall(rf'href="/{lang}/stoppen/\d+"', html)) >= 17
    assert f'href="/{lang}/stoppen/"' in text(client.get(f"/{lang}/"))


def test_marking_done_leads_to_a_url_with_the_code(client):
    with captured(events.module_completed) as completed:
        response = client.post("/nl/stoppen/1/klaar")
    assert response.status_code == 303
    code = encode({1})
    assert response.headers["Location"] == f"/nl/stoppen/?voortgang={code}&klaar=1"
    assert completed == [{"lang": "nl", "number": 1}]
    second = client.post(f"/nl/stoppen/2/klaar?voortgang={code}")
    assert f"voortgang={encode({1, 2})}" in second.headers["Location"]


def test_overview_shows_code_bookmark_and_next_module(client):
    code = encode({1, 2, 4})
    html = text(client.get(f"/en/stoppen/?voortgang={code}&klaar=4"))
    assert f"data-progress-code>{code}</strong>" in html
    assert f'<a class="bookmark" href="/en/stoppen/?voortgang={code}">' in html
    assert f'href="/en/stoppen/3?voortgang={code}">Continue with module 3' in html
    assert "Module 4 is marked as done" in html
    assert html.count('class="badge"') == 3


def test_links_inside_the_course_keep_the_code(client):
    code = encode({1, 2})
    html = text(client.get(f"/nl/stoppen/5?voortgang={code}"))
    course_links = re.findall(r'(?:href|action)="(/nl/stoppen/[^"]*)"', html)
    assert course_links and all(f"voortgang={code}" in link for link in course_links)
    # Links written in the module text ([module 8](module:8)) keep it too.
    assert f'href="/nl/stoppen/8?voortgang={code}"' in html
    assert f'href="/en/stoppen/5?voortgang={code}"' in html  # the language switch


def test_without_a_code_links_stay_clean(client):
    html = text(client.get("/nl/stoppen/5"))
    assert "voortgang=" not in html.replace('name="voortgang"', "")


@pytest.mark.parametrize(
    "query",
    [
        "voortgang=ABCDE",
        "voortgang=<script>",
        "voortgang=" + "9" * 30,
        f"voortgang={encode({3})}&voortgang=x",
    ],
)
@pytest.mark.parametrize(
    ("lang", "message"),
    [("nl", "Deze voortgangscode klopt niet"), ("en", "This progress code is not right")],
)
def test_a_wrong_code_gives_a_clear_message_and_the_overview(client, query, lang, message):
    for path in (f"/{lang}/stoppen/", f"/{lang}/stoppen/6"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400
        html = text(response)
        assert message in html and 'name="voortgang"' in html and "tel:08002666436" in html


def test_a_mistyped_code_is_refused_but_a_lowercase_one_is_fine(client):
    code = encode({1, 2, 3})
    typo = code[:2] + ("A" if code[2] != "A" else "B") + code[3:]
    assert client.get(f"/nl/stoppen/?voortgang={typo}").status_code == 400
    assert client.get(f"/nl/stoppen/?voortgang={code.lower()}").status_code == 200


@pytest.mark.parametrize("path", ["/nl/stoppen/0", "/nl/stoppen/18", "/en/stoppen/99/klaar"])
def test_modules_that_do_not_exist(client, path):
    response = client.post(path) if path.endswith("klaar") else client.get(path)
    assert response.status_code == 404
    assert "modules 1" in text(response)


def test_unknown_query_parameters_are_harmless(client):
    assert client.get("/nl/stoppen/?klaar=abc&x=%00").status_code == 200
    assert client.get("/nl/stoppen/3?klaar=99").status_code == 200


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


def test_download_is_a_text_file_made_from_the_post(client):
    response = client.post("/en/stoppen/6", data={**ANSWERS, "actie": "download"})
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
    assert '<input type="radio" name="startpunt" value="7" checked>' in html


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


def test_signals_for_the_counters():
    # Without the page cache: this is about what the views send (replays are tested with the cache).
    client = create_app({"TESTING": True, "PAGE_CACHE": False}).test_client()
    code = encode({1, 2, 3})
    with (
        captured(events.module_viewed) as viewed,
        captured(events.course_progress_seen) as seen,
    ):
        client.get("/en/stoppen/6")
        client.get(f"/nl/stoppen/7?voortgang={code}")
        client.get(f"/nl/stoppen/?voortgang={code}")
        client.get("/nl/stoppen/")
        client.get("/nl/stoppen/?voortgang=BROKEN")
    assert viewed == [{"lang": "en", "number": 6}, {"lang": "nl", "number": 7}]
    assert seen == [{"lang": "nl", "done_count": 3}, {"lang": "nl", "done_count": 3}]


def test_the_course_alone_or_not_at_all():
    advice_only = create_app({"PROGRAMMES": ("advice",)}).test_client()
    assert advice_only.get("/nl/stoppen/").status_code == 404
    assert "/stoppen/" not in text(advice_only.get("/nl/"))


def test_module_17_knows_where_each_stop_plan_item_comes_from(client):
    html = text(client.get("/en/stoppen/17"))
    assert "data-fill-stop-plan hidden" in html
    assert 'data-sources="4:mijn-redenen__belangrijkste-reden 4:mijn-redenen__voor-wie' in html
    assert html.count("data-sources=") == 6
    assert "data-sources" not in text(client.get("/en/stoppen/16"))


def test_a_module_marked_done_by_mistake_can_be_undone(client):
    from hulpwijzer.progress import encode

    code = encode({2, 6})
    html = client.get(f"/nl/stoppen/6?voortgang={code}").get_data(as_text=True)
    assert "Zet module 6 terug op niet klaar" in html
    response = client.post(f"/nl/stoppen/6/niet-klaar?voortgang={code}")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/nl/stoppen/6?voortgang={encode({2})}"
    last = client.post(f"/nl/stoppen/2/niet-klaar?voortgang={encode({2})}")
    assert last.headers["Location"] == "/nl/stoppen/2"
    assert client.post("/nl/stoppen/6/niet-klaar?voortgang=XXXXX").status_code == 400
    assert client.post("/nl/stoppen/99/niet-klaar").status_code == 404
