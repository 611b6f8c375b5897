"""The second writer's review of issue 22: what a counsellor corrected, on every rendered path.

Generated from the real tree, like tests/test_advice_counsellor.py, so a new answer is
walked here too.
"""

import re
from html import unescape

import pytest

from contentkit import Problems
from tests.support.advice import real_tree
from tests.support.content import REAL_CONTENT
from wizard import all_paths, format_path, walk
from wizard.law import load_law

LANGUAGES = ("nl", "en")
TREE = real_tree()
PATHS = all_paths(TREE)
LAW = load_law(REAL_CONTENT, LANGUAGES, Problems(root=REAL_CONTENT))
COURSES = REAL_CONTENT / "courses"


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def shown(path, lang: str) -> str:
    end = walk(TREE, path)
    page = TREE.render(end.node, lang, end.answers)
    return text(" ".join([page.html, *(s.html for s in (*page.intro, *page.steps))]))


def step_ids(path) -> list[str]:
    end = walk(TREE, path)
    return [use.part for use in (*end.node.intro, *end.node.steps) if use.applies(end.answers)]


UNDER_12 = [p for p in PATHS if "onder-12" in walk(TREE, p).answers]
DID_SOMETHING = [p for p in PATHS if walk(TREE, p).node.id in {"jonger-kind", "ander-gedaan"}]


@pytest.mark.parametrize("path", UNDER_12, ids=format_path)
def test_no_page_about_a_child_under_12_mentions_sexting_at_all(path):
    for lang in LANGUAGES:
        assert "sexting" not in shown(path, lang).lower(), lang


@pytest.mark.parametrize("path", DID_SOMETHING, ids=format_path)
def test_the_law_on_adults_who_send_sexual_messages_is_shown_only_about_an_adult(path):
    adult = "18-plus" in walk(TREE, path).answers
    for lang in LANGUAGES:
        page = shown(path, lang)
        assert (LAW["sekschat"].texts[lang] in page) == (adult and "jonger-kind" in walk(TREE, path).answers)
        # Never the question written for someone who receives pictures.
        assert "afzender" not in page and "the sender" not in page


def test_someone_asking_for_another_person_is_not_told_how_they_themselves_stop():
    for path in PATHS:
        end = walk(TREE, path)
        if end.node.id == "ander-gedaan":
            assert "stop-it-now" not in step_ids(path)
            # Under 12 the adult's part (Veilig Thuis) is the route instead.
            if "jonger-kind" in end.answers and "onder-12" not in end.answers:
                assert "ander-stop-it-now" in step_ids(path)
                assert "naasten" in shown(path, "nl") and "close to them" in shown(path, "en")


@pytest.mark.parametrize("advice_id", ["doorgestuurd", "ander-doorgestuurd", "ontvangen"])
def test_pages_about_forwarding_say_it_is_a_crime_under_18_even_with_consent(advice_id):
    path = next(p for p in PATHS if walk(TREE, p).node.id == advice_id)
    for lang in LANGUAGES:
        assert LAW["doorsturen-minderjarig"].texts[lang] in shown(path, lang), lang


def test_a_12_year_old_and_the_adult_of_a_child_under_12_learn_that_the_police_contact_the_parents():
    for lang, own, adult in (
        ("nl", "neemt de politie altijd ook contact op met je ouders", "altijd contact op met de ouders"),
        ("en", "the police will always contact your parents", "the police always contact the parents"),
    ):
        assert own in text(TREE.parts[(lang, "praten-onder-18")].html)
        assert adult in text(TREE.parts[(lang, "volwassene-onder-12")].html)


def test_the_kindertelefoon_is_offered_to_children_under_12_from_the_age_of_8():
    assert "8 jaar of ouder" in text(TREE.parts[("nl", "kind-vertellen")].html)
    assert "8 or older" in text(TREE.parts[("en", "kind-vertellen")].html)


def test_a_child_under_12_reads_that_telling_is_safe_in_a_childs_words():
    path = ("zelf", "onder-12", "kind-beelden")
    for lang in LANGUAGES:
        page = shown(path, lang)
        assert LAW["melden-veilig-kind"].texts[lang] in page
        assert LAW["melden-veilig"].texts[lang] not in page


def test_the_sextortion_advice_names_the_centrum_seksueel_geweld_when_the_demand_was_more():
    for path in PATHS:
        end = walk(TREE, path)
        if end.node.id == "afpersing" and end.answers & {"meer-beelden", "meer-eisen"}:
            assert 'href="tel:08000188"' in " ".join(
                s.html for s in TREE.render(end.node, "nl", end.answers).steps
            )


def test_the_relatives_course_does_not_promise_a_peer_group():
    nl = (COURSES / "naasten/nl/06-hulp-voor-jezelf.md").read_text(encoding="utf-8")
    en = (COURSES / "naasten/en/06-help-for-yourself.md").read_text(encoding="utf-8")
    assert "organiseert samen met" not in nl and "Of er nu een groep is" in nl
    assert "runs peer groups" not in en and "Is there a group at the moment" in en
