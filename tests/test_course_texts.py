"""Rules for the words of the course itself, as issue 14 asked for them.

Checked on the real content files, so an editor who breaks a rule sees which file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.support.content import REAL_CONTENT

LANGUAGES = ("nl", "en")
# The course may live at content/course/ or, once there is more than one, content/courses/stoppen/.
COURSE_DIR = next(
    (path for path in (REAL_CONTENT / "courses" / "stoppen", REAL_CONTENT / "course") if path.is_dir()),
    REAL_CONTENT / "course",
)
# Organisation names keep their own spelling; in running text 113 prefers "zelfdoding".
NAMES = ("113 Zelfmoordpreventie", "Meldpunt Kinderporno")
LONGEST_SHARED_RUN = 25  # words: a paragraph this long is written for one module, not pasted into two
WHY_PAGE = "waarom-deze-cursus"
WHERE_IT_COMES_FROM = {"nl": "## Waarom deze aanpak", "en": "## Why this approach"}


def module_files(lang: str, suffix: str) -> list[Path]:
    files = sorted((COURSE_DIR / lang).glob(f"[0-9][0-9]-*{suffix}"))
    assert len(files) == 17, f"expected 17 modules in {COURSE_DIR / lang}"
    return files


def body(path: Path) -> str:
    """The Markdown after the front matter."""
    text = path.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


def course_help(lang: str) -> str:
    programmes = yaml.safe_load((REAL_CONTENT / "programmes.yaml").read_text(encoding="utf-8"))
    return programmes["course"][lang]["help"]


def visitor_texts() -> list[tuple[str, str]]:
    """(where, text) for every line a visitor of the course can read."""
    texts = []
    for lang in LANGUAGES:
        for path in module_files(lang, ".md") + module_files(lang, ".yaml"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                texts.append((f"{path.relative_to(REAL_CONTENT.parent)}:{number}", line))
        texts.append((f"programmes.yaml course {lang} help", course_help(lang)))
        for path in sorted((REAL_CONTENT / "pages" / lang).glob("*.md")):
            texts.append((str(path.relative_to(REAL_CONTENT.parent)), path.read_text(encoding="utf-8")))
    return texts


def without_names(text: str) -> str:
    text = " ".join(text.split())  # a name may be wrapped over two lines
    for name in NAMES:
        text = text.replace(name, "")
    return text


def test_running_text_says_zelfdoding_not_zelfmoord():
    found = [where for where, text in visitor_texts() if "zelfmoord" in without_names(text).lower()]
    assert found == [], "write 'zelfdoding' (113's own word) instead of 'zelfmoord' in: " + ", ".join(found)


def test_the_foundations_terms_are_used_not_child_pornography():
    words = re.compile(r"kinderporno|child porn", re.IGNORECASE)
    found = [where for where, text in visitor_texts() if words.search(without_names(text))]
    assert found == [], "use the foundation's terminology (domain.md) in: " + ", ".join(found)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_course_help_block_names_113_and_stop_it_now_first(lang):
    help_text = course_help(lang)
    assert "113" in help_text and "tel:08000113" in help_text
    assert help_text.index("Stop it Now!") < help_text.index("113"), "Stop it Now! is the first step"
    if lang == "nl":
        assert "zelfdoding" in without_names(help_text)


def words_of(path: Path) -> list[str]:
    text = re.sub(r"\]\([^)]*\)", "]", body(path))  # link targets are not words a reader reads
    return re.findall(r"[\w'’-]+", text.lower())


def shared_runs(paths: list[Path]) -> list[str]:
    """Every run of LONGEST_SHARED_RUN words that is in more than one of these files."""
    seen: dict[tuple[str, ...], str] = {}
    repeats = []
    for path in paths:
        words = words_of(path)
        runs = {tuple(words[i : i + LONGEST_SHARED_RUN]) for i in range(len(words) - LONGEST_SHARED_RUN + 1)}
        for run in runs:
            if run in seen and seen[run] != path.name:
                repeats.append(f"{seen[run]} and {path.name}: {' '.join(run)}")
            seen.setdefault(run, path.name)
    return sorted(repeats)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_passage_of_25_words_appears_in_two_modules(lang):
    """The harm paragraph used to be pasted into nearly every module; now each module says it its own way."""
    repeats = shared_runs(module_files(lang, ".md"))
    assert repeats == [], "the same passage is in two modules:\n" + "\n".join(repeats[:5])


def test_the_passage_check_catches_a_pasted_paragraph_but_not_a_short_phrase(tmp_path):
    paragraph = " ".join(f"woord{i}" for i in range(LONGEST_SHARED_RUN))
    first, second, third = tmp_path / "01-a.md", tmp_path / "02-b.md", tmp_path / "03-c.md"
    first.write_text(f"---\nnumber: 1\n---\nEen eigen begin. {paragraph}\n")
    second.write_text(f"---\nnumber: 2\n---\n{paragraph} En een [eigen](module:1) eind.\n")
    third.write_text(f"---\nnumber: 3\n---\n{paragraph[: paragraph.rindex(' ')]} anders.\n")
    assert len(shared_runs([first, second])) == 1
    assert shared_runs([first, third]) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_module_ends_by_saying_where_its_approach_comes_from(lang):
    missing = [path.name for path in module_files(lang, ".md") if WHERE_IT_COMES_FROM[lang] not in body(path)]
    assert missing == [], f'add a short "{WHERE_IT_COMES_FROM[lang]}" section to: ' + ", ".join(missing)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_module_1_leads_to_the_page_on_why_the_course_works(client, lang):
    assert f"(page:{WHY_PAGE})" in body(module_files(lang, ".md")[0])
    page = client.get(f"/{lang}/{WHY_PAGE}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Stop it Now!" in html and "0800-0113" in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_young_people_find_their_own_help_in_module_1(lang):
    text = body(module_files(lang, ".md")[0])
    assert "Kindertelefoon" in text and "0800-0432" in text
    assert "25" in text and "18" in text
