"""A broken advice tree is reported by `content check` as path:line: message, never a traceback."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contentkit import Problems
from hulpwijzer.links import links_for
from tests.support.content import (
    REAL_CONTENT,
    check_content,
)
from wizard import answer_code, encode_path, load_tree, walk

TREE = "advice/tree.yaml"


def edit(folder: Path, old: str, new: str) -> str:
    """Replace ``old`` (which must occur exactly once) in tree.yaml; return the new text."""
    path = folder / TREE
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def check(folder: Path):
    result = check_content(folder)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    return result.output


def test_dangling_answer(broken):
    text = edit(broken, "        next: leeftijd\n", "        next: leeftijdd\n")
    line = line_of(text, "next: leeftijdd")
    assert (
        f'content/{TREE}:{line}: the answer "zelf" of "wie" leads to "leeftijdd", which is not a question '
        'or advice (did you mean "leeftijd"?)'
    ) in check(broken)


def test_cycle(broken):
    old = '      niet-verteld:\n        nl: Nee\n        en: "No"\n        next: afpersing\n'
    text = edit(broken, old, old.replace("next: afpersing", "next: eis"))
    line = line_of(text, "      niet-verteld:")
    output = check(broken)
    assert f'content/{TREE}:{line}: the answer "niet-verteld" of "verteld" leads back to "eis"' in output
    assert "go round in a circle (eis → betaald → verteld → eis)" in output


def test_unreachable_question(broken):
    orphan = (
        "  los:\n    nl: Een losse vraag?\n    en: A loose question?\n    options:\n"
        '      ja:\n        nl: Ja\n        en: "Yes"\n        next: anders\n'
        '      nee:\n        nl: Nee\n        en: "No"\n        next: anders\n\n'
    )
    text = edit(broken, "  # Someone asks advice for another person.\n", orphan)
    line = line_of(text, "  los:")
    assert f'content/{TREE}:{line}: no answer leads to the question "los": nobody can reach it' in check(
        broken
    )


def test_missing_translation_of_a_question(broken):
    own = "    hint:\n      nl: Kies wat het meest lijkt op wat jij"
    text = edit(broken, "    en: What is it about?\n" + own, own)
    line = line_of(text, "  wat:\n")
    assert f'content/{TREE}:{line}: the question "wat" has no "en" text' in check(broken)


def test_missing_translation_of_an_answer(broken):
    text = edit(broken, "        en: Money, gift cards or something else worth money\n", "")
    line = line_of(text, "      geld:")
    assert f'content/{TREE}:{line}: the answer "geld" of the question "eis" has no "en" text' in check(broken)


def test_missing_translation_of_an_advice_page(broken):
    (broken / "advice/en/nepprofiel.md").unlink()
    text = (broken / TREE).read_text(encoding="utf-8")
    line = line_of(text, "  nepprofiel:\n    topic")
    expected = f'content/{TREE}:{line}: the advice "nepprofiel" has no "en" text'
    assert f"{expected}: add content/advice/en/nepprofiel.md" in check(broken)


def test_missing_translation_of_a_part(broken):
    (broken / "advice/en/parts/bank.md").unlink()
    text = (broken / TREE).read_text(encoding="utf-8")
    line = line_of(text, "      - part: bank")
    assert f'content/{TREE}:{line}: the part "bank" has no "en" text' in check(broken)


def test_unknown_topic_and_condition(broken):
    edit(broken, "  nepprofiel:\n    topic: fake-profile\n", "  nepprofiel:\n    topic: fake-profiel\n")
    text = edit(broken, "        when: geld\n        unless: niet-betaald\n", "        when: gelt\n")
    output = check(broken)
    assert (
        '"topic" is "fake-profiel"; expected one of' in output and '(did you mean "fake-profile"?)' in output
    )
    line = line_of(text, "      - part: bank")
    assert f'content/{TREE}:{line}: no question has the answer "gelt" (did you mean "geld"?)' in output


def test_a_step_needs_a_title_and_contact_must_link_to_helpwanted(broken):
    (broken / "advice/nl/parts/bank.md").write_text("Bel je bank.\n", encoding="utf-8")
    (broken / "advice/en/parts/helpwanted.md").write_text("Talk to someone.\n", encoding="utf-8")
    output = check(broken)
    assert 'the part "bank" is a step, so it needs a title' in output
    assert "content/advice/en/parts/helpwanted.md:1: this part must link to Helpwanted" in output
    assert "content/advice/en/parts/helpwanted.md:1: this part must give 113's free number" in output


def test_the_contact_part_must_keep_the_crisis_line(broken):
    path = broken / "advice/nl/parts/helpwanted.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("(tel:08000113)", "(tel:0800-0113)"), encoding="utf-8")
    output = check(broken)
    assert "content/advice/nl/parts/helpwanted.md:1: this part must give 113's free number" in output
    assert "en/parts/helpwanted.md" not in output


def test_raw_html_in_an_advice_page(broken):
    path = broken / "advice/nl/gezien.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n<b>vet</b>\n", encoding="utf-8")
    line = path.read_text(encoding="utf-8").count("\n")
    assert f"content/advice/nl/gezien.md:{line}: raw HTML is not allowed here" in check(broken)


def test_stray_advice_file(broken):
    (broken / "advice/nl/afpersen.md").write_text("---\ntitle: x\n---\nx\n", encoding="utf-8")
    assert 'content/advice/nl/afpersen.md:1: there is no advice "afpersen"' in check(broken)


TREE_LINES = (REAL_CONTENT / TREE).read_text(encoding="utf-8").splitlines(keepends=True)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.integers(min_value=0, max_value=len(TREE_LINES) - 1),
    st.sampled_from(["", "  x\n", "      next: nergens\n", "- [\n", "    nl: 3\n", "  wie:\n"]),
)
def test_any_damaged_line_is_reported_and_never_crashes(tmp_path_factory, number, replacement):
    folder = tmp_path_factory.mktemp("content")
    (folder / "advice").mkdir()
    lines = list(TREE_LINES)
    lines[number] = replacement
    (folder / TREE).write_text("".join(lines), encoding="utf-8")
    for name in ("topics.yaml", "nl", "en"):
        source = REAL_CONTENT / "advice" / name
        (folder / "advice" / name).symlink_to(source, target_is_directory=source.is_dir())
    problems = Problems(root=folder)
    load_tree(folder, problems, links_for(folder).site)
    changed = lines[number].strip() != TREE_LINES[number].strip()
    meaningful = TREE_LINES[number].strip() and not TREE_LINES[number].lstrip().startswith("#")
    if changed and meaningful and replacement != "":
        assert problems, f"line {number + 1} replaced by {replacement!r} went unnoticed"
    for problem in problems:
        assert problem.path.endswith(".yaml") or problem.path.endswith(".md")
        assert problem.line >= 1


THREAT = "        nl: Iemand dreigt naaktbeelden van mij te verspreiden\n"
RENAMED = ("      dreiging:\n" + THREAT, "      bedreigd:\n        was: [dreiging]\n" + THREAT)


def test_a_renamed_answer_keeps_old_links_working(broken, make_app):
    edit(broken, *RENAMED)
    problems = Problems(root=broken)
    tree = load_tree(broken, problems, links_for(broken).site)
    assert not problems, "\n".join(map(str, problems))
    here = walk(tree, ("zelf", "onder-18", "dreigen-delen", "dreiging", "geld"))
    assert (
        here.path == ("zelf", "onder-18", "dreigen-delen", "bedreigd", "geld") and here.node.id == "betaald"
    )
    # A link from before the group question and the rename goes through both.
    assert walk(tree, ("zelf", "onder-18", "dreiging", "geld")).path == here.path

    client = make_app(CONTENT_DIR=str(broken)).test_client()
    response = client.get("/nl/advies/vraag?p=zelf.onder-18.dreigen-delen.dreiging.geld")
    assert response.status_code == 301
    canonical = encode_path(("zelf", "onder-18", "dreigen-delen", "bedreigd", "geld"))
    assert response.headers["Location"].endswith(f"/nl/advies/vraag?p={canonical}")
    response = client.get("/nl/advies/vraag?p=zelf.onder-18.dreigen-delen&a=dreiging")
    assert f'value="{answer_code("bedreigd")}" checked' in response.get_data(as_text=True)


def test_an_earlier_id_may_not_belong_to_another_answer(broken):
    text = edit(broken, *(r.replace("[dreiging]", "[gedeeld]") for r in RENAMED))
    line = line_of(text, "        was: [gedeeld]")
    assert f'content/{TREE}:{line}: "gedeeld" is used by another answer of this question too' in check(broken)


def test_answered_by_must_name_real_answers(broken):
    text = edit(broken, "      onder-18: beeld-onder-18\n", "      onder-17: beeld-onder-81\n")
    line = line_of(text, "      onder-17:")
    output = check(broken)
    assert (
        f'content/{TREE}:{line}: "beeld-onder-81" is not an answer of the question "beeld-leeftijd"' in output
    )
    assert '(did you mean "beeld-onder-18"?)' in output


def test_a_schema_error_does_not_hide_a_bad_condition_in_the_same_advice(broken):
    """One run reports everything: a misspelt key no longer hides a bad "when:" below it."""
    text = edit(broken, "        when: geld\n        unless: niet-betaald\n", "        when: gelt\n")
    when_at = text.index("        when: gelt\n")
    topic_at = text.rindex("    topic: ", 0, when_at)
    text = text[:topic_at] + "    topik: " + text[topic_at + len("    topic: ") :]
    (broken / TREE).write_text(text, encoding="utf-8")
    output = check(broken)
    assert 'unknown key "topik" (did you mean "topic"?)' in output
    assert 'no question has the answer "gelt" (did you mean "geld"?)' in output


def test_an_answer_behind_two_groups_of_an_inserted_question_is_refused(broken):
    """Old links answer the question after "wat" directly: each answer may sit behind one group only."""
    text = edit(
        broken,
        "      relatie:\n        nl: Mijn vriend of vriendin",
        "      bang:\n        nl: Mijn vriend of vriendin",
    )
    line = line_of(text, "      seksueel-contact:\n        nl: Iemand wil seks")
    assert (
        f'content/{TREE}:{line}: the answer "bang" follows both "dreigen-delen" and "seksueel-contact" '
        'of the inserted question "wat": old links could not tell which; rename one'
    ) in check(broken)
