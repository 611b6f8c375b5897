"""The advice module through the test client: every path of the real tree, in both languages."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from hulpwijzer import events
from hulpwijzer.i18n import localized_path
from tests.support.advice import real_tree
from wizard import all_paths, answer_code, encode_path, format_path, walk

TREE = real_tree()
PATHS = all_paths(TREE)
HELPWANTED = 'href="https://www.helpwanted.nl/"'


def radios(html: str) -> list[str]:
    return re.findall(r'<input type="radio" id="answer-[^"]+" name="a" value="([^"]+)"', html)


def hidden_path(html: str) -> str:
    found = re.search(r'<input type="hidden" name="p" value="([^"]*)">', html)
    return found.group(1) if found else ""


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", PATHS, ids=format_path)
def test_every_path_can_be_walked_by_submitting_the_form(client, lang, path):
    """Follows the form on each page, as a browser without JavaScript would, to the advice."""
    response = client.get(localized_path("advice.question", lang))
    for answer in path:
        html = response.get_data(as_text=True)
        # The choices carry codes, not answer words (wizard/address.py).
        assert response.status_code == 200 and answer_code(answer) in radios(html)
        assert not set(radios(html)) & TREE.answer_ids()
        query = {"a": answer_code(answer)}
        if hidden_path(html):
            query["p"] = hidden_path(html)
        response = client.get(localized_path("advice.answer", lang), query_string=query)
        assert response.status_code == 303
        response = client.get(response.headers["Location"])
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert urlsplit(response.request.url).path == localized_path("advice.result", lang)
    assert parse_qs(urlsplit(response.request.url).query)["p"] == [encode_path(path)]
    assert f'lang="{lang}"' in html
    # The advice itself says how to reach Helpwanted, not only the site's help block.
    contact = html.split('<section class="advice-contact"', 1)[1].split("</section>", 1)[0]
    assert HELPWANTED in contact and ("chat" in contact) and 'href="tel:08000113"' in contact
    assert unescape(walk(TREE, path).node.pages[lang].title) in unescape(html)
    # The summary has one change link per answer.
    assert html.count('class="summary-change"') == len(path)


def test_start_page_links_to_the_first_question(client):
    html = client.get("/nl/advies/").get_data(as_text=True)
    assert 'href="/nl/advies/vraag"' in html and "Begin" in html


def test_home_links_to_the_advice_module(client):
    assert 'href="/nl/advies/"' in client.get("/nl/").get_data(as_text=True)


def test_question_page_is_a_fieldset_with_back_and_start_again(client):
    html = client.get("/en/advice/question?p=zelf").get_data(as_text=True)
    assert "<fieldset" in html and "<legend><h1>How old are you?</h1></legend>" in html
    assert f'href="/en/advice/question?a={answer_code("zelf")}">Back</a>' in html
    assert 'href="/en/advice/">Start again</a>' in html
    assert 'aria-describedby="question-hint"' in html


def test_back_preselects_the_earlier_answer(client):
    html = client.get("/nl/advies/vraag?p=zelf&a=18-plus").get_data(as_text=True)
    assert f'value="{answer_code("18-plus")}" checked' in html
    assert f'value="{answer_code("onder-18")}" checked' not in html


def test_no_answer_gives_the_question_again_with_an_error(client):
    response = client.get("/nl/advies/volgende?p=zelf")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Kies een van de antwoorden" in html and "<legend><h1>Hoe oud ben je?</h1></legend>" in html
    response = client.get("/nl/advies/volgende?p=zelf&a=bestaat-niet")
    assert response.status_code == 400 and "Kies een van de antwoorden" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("url", "code", "resume"),
    [
        (
            "/nl/advies/vraag?p=zelf.onder-18.oud-antwoord",
            404,
            "/nl/advies/vraag?p=" + encode_path(("zelf", "onder-18")),
        ),
        (
            "/nl/advies/uitkomst?p=ander.onder-18.anders.meer",
            404,
            "/nl/advies/vraag?p=" + encode_path(("ander", "onder-18", "anders")),
        ),
        (
            "/nl/advies/uitkomst?p=" + encode_path(("zelf",)) + "AAAA",
            404,
            "/nl/advies/vraag?p=" + encode_path(("zelf",)),
        ),
        ("/en/advice/next?p=weg&a=x", 404, None),
        ("/nl/advies/vraag?p=Zelf%20<script>", 400, None),
        ("/nl/advies/uitkomst?p=zelf&p=ander", 400, None),
        ("/nl/advies/vraag?p=" + ".".join(["zelf"] * 50), 400, None),
    ],
)
def test_stale_or_invalid_paths_offer_to_start_again(client, url, code, resume):
    response = client.get(url)
    html = response.get_data(as_text=True)
    assert response.status_code == code
    lang = url.split("/")[1]
    assert f'href="{localized_path("advice.start", lang)}"' in html
    assert ("Opnieuw beginnen" if lang == "nl" else "Start again") in html
    if resume:
        assert f'href="{resume}"' in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_pages_redirect_to_where_the_path_ends(client):
    advice_path = format_path(PATHS[0])
    response = client.get(f"/nl/advies/vraag?p={advice_path}")
    assert response.status_code == 302 and "/nl/advies/uitkomst?p=" in response.headers["Location"]
    response = client.get("/nl/advies/uitkomst?p=zelf")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/nl/advies/vraag?p={encode_path(('zelf',))}")


def test_language_switch_keeps_the_answers(client):
    html = client.get("/nl/advies/uitkomst?p=zelf.onder-18.ongewenst.gezien").get_data(as_text=True)
    assert 'href="/en/advice/result?p=zelf.onder-18.ongewenst.gezien"' in html


def test_advice_page_carries_the_facts_for_the_survey_and_the_help_block(app):
    from flask import template_rendered

    seen = []

    def record(sender, template, context, **extra):
        seen.append((template, context))

    with template_rendered.connected_to(record, app):
        html = (
            app.test_client()
            .get("/en/advice/result?p=zelf.18-plus.dreigen-delen.nepprofiel")
            .get_data(as_text=True)
        )
    context = next(c for t, c in seen if t.name == "advice/result.html")
    assert (context["advice_id"], context["topic"], context["lang"]) == ("nepprofiel", "fake-profile", "en")
    assert 'class="help-programme help-advice"' in html and "help-course" not in html


def test_signals_carry_only_language_advice_and_topic(app):
    received = []

    def record(name):
        return lambda sender, **kwargs: received.append((name, kwargs))

    started, reached = record("started"), record("reached")
    events.advice_started.connect(started, app)
    events.advice_reached.connect(reached, app)
    try:
        client = app.test_client()
        client.get("/nl/advies/vraag")
        client.get("/nl/advies/vraag?a=zelf")  # back to the first question: not a new start
        client.get("/nl/advies/vraag?p=zelf")
        client.get("/en/advice/result?p=zelf.onder-18.seksueel-contact.benaderd")
    finally:
        events.advice_started.disconnect(started, app)
        events.advice_reached.disconnect(reached, app)
    assert received == [
        ("started", {"lang": "nl"}),
        ("reached", {"lang": "en", "advice_id": "benaderd", "topic": "grooming"}),
    ]


def test_no_cookie_and_answers_stay_out_of_the_path(client):
    response = client.get("/nl/advies/volgende?p=zelf&a=onder-18", follow_redirects=True)
    assert all("Set-Cookie" not in r.headers for r in [*response.history, response])
    assert response.request.path == "/nl/advies/vraag"


def test_advice_module_can_be_switched_off(make_app):
    app = make_app(PROGRAMMES=("course",))
    assert app.test_client().get("/nl/advies/").status_code == 404


def test_tree_command_prints_an_outline(runner):
    result = runner.invoke(args=["content", "tree", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("QUESTION wie: Who are you looking for advice for?")
    assert "ADVICE afpersing [sextortion]" in result.output
    for style, marker in (("mermaid", "flowchart TD"), ("dot", "digraph advice {"), ("paths", " → ")):
        result = runner.invoke(args=["content", "tree", "--format", style])
        assert result.exit_code == 0 and marker in result.output


def test_the_server_log_never_sees_the_answers(live_server):
    import urllib.request

    answers = "zelf.onder-18.dreigen-delen.dreiging.meer-beelden.kent-niet.niet-verteld"
    with urllib.request.urlopen(f"{live_server.url}/nl/advies/uitkomst?p={answers}") as response:
        assert response.status == 200
    with urllib.request.urlopen(f"{live_server.url}/nl/advies/volgende?p=zelf&a=onder-18") as response:
        assert response.status == 200  # after the redirect
    logs = live_server.logs()
    assert "/nl/advies/uitkomst" in logs and "/nl/advies/volgende" in logs
    assert "meer-beelden" not in logs and "kent-niet" not in logs and "onder-18" not in logs


def test_links_made_before_a_question_was_skipped_still_work(client):
    response = client.get("/nl/advies/uitkomst?p=zelf.onder-18.gedeeld.beeld-onder-18.websites")
    assert response.status_code == 301
    canonical = encode_path(("zelf", "onder-18", "dreigen-delen", "gedeeld", "websites"))
    assert response.headers["Location"].endswith(f"/nl/advies/uitkomst?p={canonical}")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    # The skipped question is not in the summary, but its answer still shapes the advice.
    assert "Hoe oud was je toen" not in html and "Meld de beelden bij het Meldpunt Kinderporno" in html


def test_a_change_link_from_before_the_group_question_shows_the_answer_chosen(client):
    response = client.get("/nl/advies/vraag?p=zelf.onder-18&a=dreiging")
    assert response.status_code == 301
    coded = encode_path(("zelf", "onder-18", "dreigen-delen"))
    assert response.headers["Location"].endswith(f"/nl/advies/vraag?p={coded}&a={answer_code('dreiging')}")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'value="{answer_code("dreiging")}" checked' in html
