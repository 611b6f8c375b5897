"""Every path of the real tree, in both languages, read as a frightened visitor would read it.

Generated from the tree: a new answer or advice is walked here without anyone writing a test for it.
"""

import re
from html import unescape

import pytest

from tests.support.advice import real_tree
from wizard import all_paths, format_path, walk
from wizard.outline import outline

LANGUAGES = ("nl", "en")
TREE = real_tree()
PATHS = all_paths(TREE)
CRISIS_LINE = 'href="tel:08000113"'
HUMAN_HELP = 'href="https://www.helpwanted.nl/"'
# The questions of the programme's 2016 flow, and their answers that mean "no".
CHAT_QUESTIONS = ("onbekend", "flirt", "gedaan")
NO_ANSWERS = {"via-via", "nee", "sekschat", "gestuurd"}
ALL_CLEAR = {
    "nl": re.compile(r"geen probleem|niets ergs|niets aan de hand|alles is (goed|in orde)", re.IGNORECASE),
    "en": re.compile(
        r"no problem|nothing bad (is )?(happening|going on)|nothing (is )?wrong|all is well|all fine",
        re.IGNORECASE,
    ),
}
# The step that names the warning signs of grooming and the one that says what to do if it starts.
WARNING_SIGNS = "signalen"
# Steps that send a minor to an adult they trust; and steps a child cannot take alone.
TRUSTED_ADULT = ("praten-onder-18", "kind-vertellen")
ADULT_ONLY_STEPS = ("politie", "bank", "melden-platform", "website-melden", "meldpunt-eigen-beelden")


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def step_ids(end) -> list[str]:
    return [use.part for use in end.node.steps if use.applies(end.answers)]


def chat_answers(end) -> list[str]:
    return [step.option.id for step in end.steps if step.question.id in CHAT_QUESTIONS]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PATHS, ids=format_path)
def test_every_ending_names_a_human_route_to_help_and_113(path, lang):
    end = walk(TREE, path)
    page = TREE.render(end.node, lang, end.answers)
    assert HUMAN_HELP in page.contact.html and CRISIS_LINE in page.contact.html
    assert page.title and page.html.strip()
    # Something to do: at least one step, or an opening that points somewhere.
    assert page.steps or "href=" in page.html


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    "path", [p for p in PATHS if set(chat_answers(walk(TREE, p))) & NO_ANSWERS], ids=format_path
)
def test_a_no_on_the_chat_path_never_ends_in_an_all_clear(path, lang):
    end = walk(TREE, path)
    page = TREE.render(end.node, lang, end.answers)
    shown = text(" ".join([page.html, *(s.html for s in (*page.intro, *page.steps))]))
    assert not ALL_CLEAR[lang].search(shown)
    if chat_answers(end)[-1] in NO_ANSWERS:
        # The last chat answer was a "no": the advice names the warning signs.
        assert WARNING_SIGNS in step_ids(end)
        assert TREE.parts[(lang, WARNING_SIGNS)].title in [s.title for s in page.steps]


def test_every_no_on_the_chat_path_is_walked():
    seen = {answer for p in PATHS for answer in chat_answers(walk(TREE, p))}
    assert NO_ANSWERS <= seen
    endings = {walk(TREE, p).node.id for p in PATHS if chat_answers(walk(TREE, p))[-1:] == ["nee"]}
    assert endings == {"voorzichtig", "contact-verbreken"}


@pytest.mark.parametrize("path", [p for p in PATHS if {"onder-12", "onder-18"} & set(p)], ids=format_path)
def test_a_minor_is_sent_to_a_trusted_adult_before_steps_a_child_cannot_take_alone(path):
    end = walk(TREE, path)
    if path[0] != "zelf":
        return  # the ander-* pages speak to the adult who asks
    steps = step_ids(end)
    assert any(step in TRUSTED_ADULT for step in steps), steps
    first_adult = min(steps.index(step) for step in TRUSTED_ADULT if step in steps)
    later = [step for step in steps if step in ADULT_ONLY_STEPS]
    assert all(steps.index(step) > first_adult for step in later), steps


@pytest.mark.parametrize("path", [p for p in PATHS if "onder-12" in p and p[0] == "zelf"], ids=format_path)
def test_children_under_12_are_told_to_involve_a_parent_first(path):
    end = walk(TREE, path)
    # At most one urgent step ("stop chatting", "close it") comes before telling a grown-up.
    assert "kind-vertellen" in step_ids(end)[:2]
    page = TREE.render(end.node, "nl", end.answers)
    intro = text(" ".join([page.html, *(s.html for s in page.intro)]))
    assert "niets fout gedaan" in intro or "nooit jouw schuld" in intro


@pytest.mark.parametrize("lang", LANGUAGES)
def test_at_least_22_distinct_endings_per_language(lang):
    titles = {advice.pages[lang].title for advice in TREE.advice.values()}
    assert len(titles) == len(TREE.advice) >= 22
    assert outline(TREE, lang).count("ADVICE ") >= 22


def test_someone_else_reaches_every_situation_myself_reaches_and_one_for_school_staff():
    def endings(first):
        return {walk(TREE, p).node.id for p in PATHS if p[0] == first}

    others = endings("ander")
    assert len(others) >= 8 and all(advice_id.startswith("ander-") for advice_id in others)
    own_topics = {TREE.advice[a].topic for a in endings("zelf")} - {"online-contact"}
    assert own_topics <= {TREE.advice[a].topic for a in others}
    assert endings("school") == others
    # School staff reach the same situations, with what a school does on every page.
    for path in (p for p in PATHS if p[0] == "school"):
        assert "school-doen" in step_ids(walk(TREE, path))


def test_prevention_is_not_counted_as_sextortion():
    for advice_id in ("voorzichtig", "contact-verbreken"):
        assert TREE.advice[advice_id].topic == "online-contact"
    for path in PATHS:
        end = walk(TREE, path)
        if chat_answers(end)[-1:] == ["nee"]:
            assert end.node.topic != "sextortion"


def test_the_foundation_is_named_offlimits_formerly_eokm():
    texts = [(lang, section.html) for (lang, _part), section in TREE.parts.items()]
    texts += [(lang, page.html) for advice in TREE.advice.values() for lang, page in advice.pages.items()]
    assert any("Offlimits" in html for _, html in texts)
    for lang, html in texts:
        shown = text(html)
        if "EOKM" in shown or "Expertisebureau" in shown:
            assert ("Offlimits (voorheen EOKM)" if lang == "nl" else "Offlimits (formerly EOKM)") in shown
            assert "Expertisebureau" not in shown


def test_every_topic_is_used_and_the_annual_reports_rows_stay_covered():
    used = {advice.topic for advice in TREE.advice.values()}
    assert used == set(TREE.topics)
    report_2021 = {"sextortion", "spread-social-media", "fake-profile", "grooming", "spread-websites"}
    assert report_2021 | {"afraid-shared", "saw-abuse-material", "other"} <= used
