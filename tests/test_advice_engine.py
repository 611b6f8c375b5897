"""The wizard engine on the real tree: walking, going back, conditions, and random walks (hypothesis)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.advice import real_tree
from wizard import InvalidPath, all_paths, format_path, parse_path, walk
from wizard.outline import FORMATS

REFERENCE_2016 = ("zelf", "onder-18", "seksueel-contact", "chat", "ja", "ja", "geld", "verteld")


@pytest.fixture(scope="module")
def tree():
    return real_tree()


def test_the_start_is_the_first_question(tree):
    here = walk(tree, ())
    assert here.node.id == tree.start and here.steps == () and here.back is None


def test_the_2016_reference_flow_is_one_path(tree):
    questions = [walk(tree, REFERENCE_2016[:i]).node.id for i in range(2, 8)]
    assert questions == ["wat", "wat-contact", "onbekend", "flirt", "gedaan", "verteld"]
    end = walk(tree, REFERENCE_2016)
    assert end.is_advice and end.node.id == "afpersing" and end.node.topic == "sextortion"
    # A "no" along the 2016 flow never ends in "no problem": met through a game or friends,
    # the visitor is still asked about nudes; the other "no"s lead to the warning signs.
    via_via = walk(tree, REFERENCE_2016[:4] + ("nee",))
    assert via_via.node.id == "flirt" and via_via.path == (*REFERENCE_2016[:4], "via-via")
    assert walk(tree, REFERENCE_2016[:5] + ("nee",)).node.id == "voorzichtig"
    assert walk(tree, REFERENCE_2016[:6] + ("nee",)).node.id == "contact-verbreken"


def test_what_was_answered_and_the_way_back(tree):
    here = walk(tree, ("zelf", "onder-18", "dreigen-delen", "dreiging"))
    assert [s.question.id for s in here.steps] == ["wie", "leeftijd", "wat", "wat-dreigen"]
    assert [s.option.id for s in here.steps] == ["zelf", "onder-18", "dreigen-delen", "dreiging"]
    assert here.back.before == ("zelf", "onder-18", "dreigen-delen") and here.back.option.id == "dreiging"
    assert here.answers == {"zelf", "onder-18", "dreigen-delen", "dreiging"}


def test_a_link_from_before_the_group_question_goes_through_it(tree):
    """The situation question was split in two (a group, then the specifics): old links still fit."""
    old = walk(tree, ("zelf", "onder-18", "dreiging", "geld"))
    assert old.node.id == "betaald" and old.path == ("zelf", "onder-18", "dreigen-delen", "dreiging", "geld")
    assert not any(step.implied for step in old.steps)
    other = walk(tree, ("ander", "onder-12", "bang"))
    assert other.node.id == "ander-bang" and other.path == ("ander", "onder-12", "dreigen-delen", "bang")
    # An answer that is not behind any group is still refused, with how far the link fits.
    with pytest.raises(InvalidPath) as caught:
        walk(tree, ("zelf", "onder-18", "kind-beelden"))
    assert caught.value.stale and caught.value.valid == ("zelf", "onder-18")


def test_a_question_an_earlier_answer_answers_is_skipped(tree):
    shared = ("zelf", "onder-18", "dreigen-delen", "gedeeld")
    young = walk(tree, shared)
    assert young.node.id == "waar" and young.steps[-1].implied
    assert "beeld-onder-18" in young.answers and young.path == shared
    assert walk(tree, ("zelf", "18-plus", "dreigen-delen", "gedeeld")).node.id == "beeld-leeftijd"
    # A link made before the question was skipped still leads to the same place.
    old = walk(tree, ("zelf", "onder-18", "gedeeld", "beeld-onder-18", "websites"))
    assert old.node.id == "gedeeld-websites" and old.path == (*shared, "websites")


def test_parts_follow_the_answers(tree):
    def titles(path):
        end = walk(tree, path)
        return [s.title for s in tree.render(end.node, "en", end.answers).steps]

    paid = titles(("zelf", "18-plus", "dreigen-delen", "dreiging", "geld", "ja-betaald", "verteld"))
    unpaid = titles(("zelf", "18-plus", "dreigen-delen", "dreiging", "geld", "niet-betaald", "verteld"))
    assert "Already paid? Contact your bank" in paid and "Already paid? Contact your bank" not in unpaid
    young = titles(("zelf", "onder-18", "gedeeld", "beeld-onder-18", "sociale-media"))
    adult = titles(("zelf", "18-plus", "gedeeld", "beeld-18-plus", "sociale-media"))
    assert "Say in your report that the person is under 18" in young
    assert "Say in your report that the person is under 18" not in adult


@pytest.mark.parametrize("text", ["ZELF", "zelf..x", "zelf.", ".zelf", "a b", "x" * 41, ".".join(["a"] * 41)])
def test_malformed_paths_are_refused(text):
    with pytest.raises(InvalidPath) as caught:
        parse_path(text)
    assert not caught.value.stale


def test_stale_paths_say_how_far_they_still_fit(tree):
    with pytest.raises(InvalidPath) as caught:
        walk(tree, ("zelf", "onder-18", "bestaat-niet", "ja"))
    assert caught.value.stale and caught.value.valid == ("zelf", "onder-18")
    with pytest.raises(InvalidPath) as caught:
        walk(tree, (*REFERENCE_2016, "meer"))
    assert caught.value.valid == REFERENCE_2016


def test_every_path_ends_at_advice_in_every_language(tree):
    paths = all_paths(tree)
    assert len(paths) == len(set(paths)) > 20
    reached = {walk(tree, p).node.id for p in paths}
    assert reached == set(tree.advice)
    for path in paths:
        end = walk(tree, path)
        for lang in ("nl", "en"):
            page = tree.render(end.node, lang, end.answers)
            assert page.title and 'href="https://www.helpwanted.nl/' in page.contact.html


def test_every_topic_of_the_annual_report_is_covered(tree):
    topics = {"sextortion", "spread-social-media", "fake-profile", "grooming", "spread-websites"}
    topics |= {"afraid-shared", "saw-abuse-material"}
    assert topics <= {a.topic for a in tree.advice.values()}
    assert all(set(t.labels) == {"nl", "en"} for t in tree.topics.values())


@pytest.mark.parametrize("style", sorted(FORMATS))
def test_editor_views_name_every_node(tree, style):
    text = FORMATS[style](tree, "nl")
    for advice_id in tree.advice:
        assert advice_id in text


@st.composite
def random_walk(draw, tree):
    """A walk of the real tree as a visitor makes it: at each question shown, one answer at random."""
    path: tuple[str, ...] = ()
    here = walk(tree, path)
    while not here.is_advice:
        path = (*path, draw(st.sampled_from(here.node.options)).id)
        here = walk(tree, path)
    return path


TREE = real_tree()


@settings(max_examples=300, deadline=None)
@given(random_walk(TREE))
def test_random_walks_end_at_advice_and_retrace_their_steps(path):
    end = walk(TREE, path)
    assert end.is_advice and end.path == path
    assert parse_path(format_path(path)) == path
    for index, step in enumerate(end.asked):
        # Going back to any step shows that step's question, with the answer that was given.
        before = walk(TREE, step.before)
        assert before.node is step.question and step.question.option(path[index]) is step.option
        assert not before.is_advice and step.before == path[:index]
    for step in end.steps:
        if step.implied:
            # A question is skipped only because an earlier answer already answers it.
            earlier = {s.option.id for s in end.steps[: end.steps.index(step)]}
            assert step.question.implied(earlier) is step.option


@settings(max_examples=300, deadline=None)
@given(random_walk(TREE), st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-.", max_size=30))
def test_any_path_either_walks_or_is_refused(path, garbage):
    text = format_path(path[: len(path) // 2]) + garbage
    try:
        here = walk(TREE, parse_path(text))
    except InvalidPath as error:
        prefix = error.valid
        assert walk(TREE, prefix).path == prefix
    else:
        assert here.path == parse_path(text)
