"""What the browser's history list keeps says nothing about the situation: tab titles name the
programme and the step, advice addresses carry codes instead of answer words, and old readable
addresses still answer with the same advice. A posted answers page the browser repeats on Back
shows nothing typed."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest

from hulpwijzer.i18n import localized_path
from tests.support.advice import real_tree
from tests.support.courses import course_path
from wizard import all_paths, encode_path, format_path, walk

TREE = real_tree()
PATHS = all_paths(TREE)
# Words a title may have: the step and the programme's name, never the situation.
STEP_WORDS = {"nl": {"advies", "vraag", "module", "van"}, "en": {"advice", "question", "module", "of"}}


def title(html: str) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))


def heading(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)))


def words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"\w{3,}", text)}


def situation_words_in_title(html: str, programme: str, lang: str) -> set[str]:
    return (words(title(html)) & words(heading(html))) - words(programme) - STEP_WORDS[lang]


def advice_values(html: str) -> list[str]:
    """Every address and form value of the advice module on a page: links, form fields."""
    found = []
    for url in re.findall(r'(?:href|action)="([^"]*/(?:advies|advice)/[^"]*)"', html):
        found += [value for _, value in parse_qsl(urlsplit(unescape(url)).query)]
    found += re.findall(r'<input type="(?:hidden|radio)"[^>]* name="[pa]" value="([^"]*)"', html)
    found += re.findall(r'<input[^>]* name="p" type="hidden" value="([^"]*)"', html)
    return found


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_advice_title_or_address_names_the_situation(client, lang):
    answer_ids = TREE.answer_ids()
    for path in PATHS:
        response = client.get(localized_path("advice.result", lang), query_string={"p": encode_path(path)})
        html = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert title(html) == ("Advies" if lang == "nl" else "Advice") + " – Helpwanted"
        assert not situation_words_in_title(html, "Helpwanted", lang), path
        # The visible heading keeps its words.
        assert heading(html).strip() == unescape(walk(TREE, path).node.pages[lang].title)
        values = advice_values(html)
        assert values, path
        for value in values:
            assert not re.search("[a-z]", value) and not any(answer in value for answer in answer_ids), value


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_question_titles_name_only_the_step(client, lang):
    seen = set()
    for path in PATHS:
        for length in range(len(path)):
            before = path[:length]
            if before in seen:
                continue
            seen.add(before)
            query = {"p": encode_path(before)} if before else {}
            html = client.get(localized_path("advice.question", lang), query_string=query).get_data(
                as_text=True
            )
            step = len(walk(TREE, before).asked) + 1
            assert title(html) == f"{'Vraag' if lang == 'nl' else 'Question'} {step} – Helpwanted", before
            assert not situation_words_in_title(html, "Helpwanted", lang), before
            for value in advice_values(html):
                assert not re.search("[a-z]", value), (before, value)
    assert len(seen) > 20


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_old_readable_addresses_answer_with_the_same_advice(client, lang):
    result = localized_path("advice.result", lang)
    for path in PATHS:
        old = client.get(result, query_string={"p": format_path(path)})
        new = client.get(result, query_string={"p": encode_path(path)})
        assert old.status_code == new.status_code == 200, path
        assert heading(old.get_data(as_text=True)) == heading(new.get_data(as_text=True))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_module_titles_name_only_the_step(client, course, lang):
    name = course.face_name.get(lang) or "Stop it Now!"  # the header's name, also in the title
    for number in range(1, course.module_count + 1):
        html = client.get(course_path(course, lang, str(number))).get_data(as_text=True)
        word = "van" if lang == "nl" else "of"
        assert title(html).startswith(f"Module {number} {word} {course.module_count} – "), number
        assert not situation_words_in_title(html, name + " " + course.name[lang], lang), number


def test_a_post_repeated_by_back_shows_an_empty_module(client):
    typed = {"actie": "bekijken"}
    navigate = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "same-origin"}
    pressed = client.post("/nl/stoppen/1", data=typed, headers={**navigate, "Sec-Fetch-User": "?1"})
    assert pressed.status_code == 200
    repeated = client.post("/nl/stoppen/1", data=typed, headers=navigate)
    assert repeated.status_code == 303 and repeated.headers["Location"].endswith("/nl/stoppen/1")
    # The page's own fetch (JavaScript) is not a navigation: it gets the answers.
    fetched = client.post(
        "/nl/stoppen/1", data=typed, headers={"Sec-Fetch-Mode": "cors", "Sec-Fetch-Site": "same-origin"}
    )
    assert fetched.status_code == 200
