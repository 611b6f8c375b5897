"""What the advice says about the law comes only from content/advice/law.yaml (the 2024 law).

Every page a visitor can reach is rendered, and every sentence in it that says
something about the law must be one of the allowed statements, so an editor who
changes the law text changes it in law.yaml, in one place.
"""

import re
from html import unescape
from pathlib import Path

import pytest
import yaml

from contentkit import Problems
from tests.support.advice import real_tree
from tests.support.content import REAL_CONTENT, check_content
from wizard import all_paths, walk
from wizard.law import LAW_FILE, LAW_REFERENCE, load_law

LANGUAGES = ("nl", "en")
# Words that make a sentence a statement about the law. Kept broad on purpose: a false
# alarm costs an editor a minute, a wrong legal sentence can frighten a child.
LEGAL_WORDS = {
    "nl": re.compile(
        r"strafba|misdrij|\bwet(?:ten|telijk)?\b|verbod|illegaal|mag niet|niet mag|\baangifte tegen",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"\bcrime|criminal|illegal|\blaw\b|against the law|not allowed|offence|offense|prosecut",
        re.IGNORECASE,
    ),
}
# Sentences the old texts had, which a 14-year-old reads as "my selfie makes me a criminal"
# or which blame the child: they must never come back, in any form close to these.
NEVER = {
    "nl": [
        "doet iets wat niet mag",
        "zijn beelden van seksueel misbruik van een kind",
        "zo te horen is er nu niets ergs aan de hand",
        "kinderporno ",
    ],
    "en": [
        "is doing something wrong",
        "are child sexual abuse material",
        "nothing bad is happening",
        "child porn",
    ],
}
ADVICE = REAL_CONTENT / "advice"


@pytest.fixture(scope="module")
def tree():
    return real_tree()


@pytest.fixture(scope="module")
def law():
    return load_law(REAL_CONTENT, LANGUAGES, Problems(root=REAL_CONTENT))


def sentences(html: str) -> list[str]:
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    text = " ".join(text.split())
    return [s.strip() for s in re.split(r"(?<=[.?!:])\s+", text) if s.strip()]


def rendered_texts(tree, lang):
    """(where, html) for everything on each advice page a visitor can reach, per path."""
    for path in all_paths(tree):
        end = walk(tree, path)
        page = tree.render(end.node, lang, end.answers)
        where = f"{lang} {'.'.join(path)} → {end.node.id}"
        yield where, page.html
        for section in (*page.intro, *page.steps, page.contact):
            yield f"{where} ({section.title or 'intro'})", section.html


def legal_sentences(tree, lang):
    found = {}
    for where, html in rendered_texts(tree, lang):
        for sentence in sentences(html):
            if LEGAL_WORDS[lang].search(sentence):
                found.setdefault(sentence, where)
    return found


def test_the_allowed_statements_are_a_short_list_in_both_languages(law):
    raw = yaml.safe_load((REAL_CONTENT / LAW_FILE).read_text(encoding="utf-8"))
    assert set(law) == set(raw) and 5 <= len(law) <= 12
    for statement in law.values():
        texts = statement.texts
        assert set(texts) == set(LANGUAGES) and all(text.strip() for text in texts.values())
        assert not re.search(r"\bart(?:ikel|icle)?\.? ?\d", " ".join(texts.values()), re.IGNORECASE)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_legal_sentence_on_every_page_is_an_allowed_statement(tree, law, lang):
    allowed = " ".join(statement.texts[lang] for statement in law.values())
    stray = {s: where for s, where in legal_sentences(tree, lang).items() if s not in allowed}
    assert not stray, "say this with [[wet:ID]] from law.yaml instead:\n" + "\n".join(
        f"{where}: {s}" for s, where in stray.items()
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_that_state_the_law_use_the_statements(tree, law, lang):
    """The list of pages that say something about the law: each statement is used, and shown whole."""
    shown = "\n".join(html for _, html in rendered_texts(tree, lang))
    shown = " ".join(unescape(re.sub(r"<[^>]+>", " ", shown)).split())
    for statement_id, statement in law.items():
        assert statement.texts[lang] in shown, f'"{statement_id}" is in law.yaml but no page shows it'


def source_files():
    for lang in LANGUAGES:
        yield from sorted((ADVICE / lang).rglob("*.md"))


@pytest.mark.parametrize("path", list(source_files()), ids=lambda p: str(p.relative_to(ADVICE)))
def test_texts_state_the_law_only_through_law_yaml(path: Path):
    lang = path.relative_to(ADVICE).parts[0]
    text = LAW_REFERENCE.sub("", path.read_text(encoding="utf-8"))
    lines = [line for line in text.splitlines() if LEGAL_WORDS[lang].search(line)]
    assert not lines, f"{path.name}: write [[wet:ID]] from law.yaml instead of: {lines}"


def test_questions_and_answers_state_no_law(tree):
    for question in tree.questions.values():
        for lang in LANGUAGES:
            texts = [question.texts[lang], question.hints.get(lang, "")]
            texts += [option.labels[lang] for option in question.options]
            assert not any(LEGAL_WORDS[lang].search(t) for t in texts), question.id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_blaming_or_false_all_clear_sentence_comes_back(tree, lang):
    for where, html in rendered_texts(tree, lang):
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split()).lower()
        text = text.replace("meldpunt kinderporno", "")  # the hotline's name stays as it is
        for phrase in NEVER[lang]:
            assert phrase not in text, f"{where}: {phrase}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_minor_whose_images_were_misused_reads_that_they_are_not_in_trouble(tree, law, lang):
    misused = {"sextortion", "spread-social-media", "spread-websites", "deepfake", "grooming", "known-adult"}
    for path in all_paths(tree):
        end = walk(tree, path)
        if path[0] != "zelf" or "onder-18" not in end.answers or end.node.topic not in misused:
            continue
        page = tree.render(end.node, lang, end.answers)
        intro = " ".join(unescape(re.sub(r"<[^>]+>", " ", s.html)) for s in page.intro)
        assert law["melden-veilig"].texts[lang] in " ".join(intro.split()), ".".join(path)


def test_an_unknown_statement_is_reported_with_its_line(broken):
    path = broken / "advice/nl/afpersing.md"
    text = path.read_text(encoding="utf-8").replace("[[wet:afpersing]]", "[[wet:afpersen]]")
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("[[wet:afpersen]]")].count("\n") + 1
    result = check_content(broken)
    assert result.exit_code == 1
    assert (
        f'content/advice/nl/afpersing.md:{line}: there is no statement "afpersen" in advice/law.yaml '
        '(did you mean "afpersing"?)'
    ) in result.output


def test_a_statement_without_english_is_reported(broken):
    path = broken / LAW_FILE
    text = path.read_text(encoding="utf-8")
    start = text.index("grooming:")
    english = text.index("  en:", start)
    end = text.index("\n", text.index("\n", english) + 1)  # the en line and its one continuation
    path.write_text(text[:english] + text[end + 1 :], encoding="utf-8")
    result = check_content(broken)
    assert result.exit_code == 1 and "content/advice/law.yaml" in result.output and '"en"' in result.output
