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


# Issue 22: what a Stop it Now! counsellor asked of the texts.
ALL_COURSES = sorted(path for path in (REAL_CONTENT / "courses").iterdir() if path.is_dir())
# One term for the abuse material per language (domain.md); other wordings of it are not used.
OTHER_TERMS = {
    "nl": re.compile(
        r"(afbeeldingen|beelden|beeldmateriaal) van seksueel kindermisbruik"
        r"|seksuele uitbuiting(?! van minderjarigen)|misbruikbeelden|kindermisbruikbeelden",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"sexual exploitation material|abuse images|images of (child )?(sexual )?abuse", re.IGNORECASE
    ),
}


def module_text(course: Path, lang: str, number: int) -> str:
    (path,) = (course / lang).glob(f"{number:02d}-*.md")
    return " ".join(body(path).split())


def all_module_texts():
    for course in ALL_COURSES:
        for lang in LANGUAGES:
            for path in sorted((course / lang).glob("[0-9][0-9]-*.md")):
                yield lang, path, " ".join(body(path).split())


def test_one_term_for_abuse_material_per_language_and_one_spelling_of_peers():
    found = []
    for lang, path, text in all_module_texts():
        if OTHER_TERMS[lang].search(text) or "leeftijdgenoten" in text.lower():
            found.append(str(path.relative_to(REAL_CONTENT)))
    assert found == [], "use the course's one term (and 'leeftijdsgenoten') in: " + ", ".join(found)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_module_1_sends_a_young_reader_who_is_sent_material_or_asked_for_images_to_helpwanted(lang):
    text = module_text(COURSE_DIR, lang, 1)
    heading = {"nl": "## Krijg jij beelden toegestuurd", "en": "## Is someone sending you images"}[lang]
    section = text.split(heading, 1)[1].split("## ", 1)[0]
    assert "https://www.helpwanted.nl/" in section and "Kindertelefoon" in section
    assert ("slachtoffer" if lang == "nl" else "victim") in section


@pytest.mark.parametrize("lang", LANGUAGES)
def test_module_14_says_plainly_no_to_new_work_with_children(lang):
    text = module_text(COURSE_DIR, lang, 14)
    assert {"nl": "Zeg nee tegen nieuw werk met kinderen", "en": "Say no to new work with children"}[
        lang
    ] in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_module_3_covers_cloud_copies_backups_p2p_and_leaving_groups(lang):
    text = module_text(COURSE_DIR, lang, 3).lower()
    words = {
        "nl": ("cloud", "back-up", "peer-to-peer", "ga eruit", "kan strafbaar zijn"),
        "en": ("cloud", "backup", "peer-to-peer", "leave them", "can be a crime"),
    }[lang]
    assert all(word in text for word in words), [w for w in words if w not in text]
    # What to do with kept material is not confirmed: the course does not tell people to delete it.
    assert "haal weg wat je hebt" not in text and "get rid of what you have" not in text


def test_one_waiting_time_for_riding_out_an_urge():
    times = set()
    for lang in LANGUAGES:
        for path in module_files(lang, ".md") + module_files(lang, ".yaml"):
            text = path.read_text(encoding="utf-8").lower()
            times |= set(re.findall(r"\b(tien|twintig|vijftien|ten|twenty|fifteen)[ -]minut", text))
    assert times <= {"twintig", "twenty"}, times


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_examples_in_module_11_are_presented_as_made_up(lang):
    text = module_text(COURSE_DIR, lang, 11)
    assert {"nl": "verzonnen voorbeelden", "en": "made-up examples"}[lang] in text
    assert "from the lives of people who take this course" not in text
    assert "uit het leven van mensen die deze cursus volgen" not in text
