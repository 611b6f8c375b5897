"""The course loader: the real courses load; broken modules are named with path and line."""

import shutil
from pathlib import Path

from contentkit import Problems
from courses import load_courses
from hulpwijzer.config import LANGUAGES, PROGRAMMES
from hulpwijzer.links import links_for
from tests.support.content import REAL_CONTENT
from tests.support.content import check_content as check
from tests.support.courses import COURSE_IDS

STOP_PLAN_ITEMS = (
    "redenen",
    "risicosituaties",
    "waarschuwingssignalen",
    "wat-ik-dan-doe",
    "mensen",
    "goed-leven",
)


def load(content_dir: Path):
    problems = Problems(root=content_dir)
    catalogue = load_courses(content_dir, problems, LANGUAGES, PROGRAMMES, links_for(content_dir).course)
    return catalogue, [str(p) for p in problems]


def test_every_real_course_loads_in_both_languages_with_the_same_exercises():
    catalogue, problems = load(REAL_CONTENT)
    assert problems == []
    # The original course first, the others in folder order.
    assert [c.id for c in catalogue] == sorted(COURSE_IDS, key=lambda id: id != "stoppen")
    for course in catalogue:
        for lang in LANGUAGES:
            assert [m.number for m in course.in_language(lang)] == list(range(1, course.module_count + 1))
        for number in range(1, course.module_count + 1):
            nl, en = course.module("nl", number), course.module("en", number)
            assert [e.shape() for e in nl.exercises] == [e.shape() for e in en.exercises]
            assert nl.title != en.title and nl.goals and en.goals
    stoppen = catalogue.get("stoppen")
    assert stoppen.module_count == 17 and stoppen.plan.module == 17 and stoppen.original
    plan = stoppen.module("en", 17).exercise(stoppen.plan.exercise)
    assert tuple(item.id for item in plan.choices) == STOP_PLAN_ITEMS == tuple(stoppen.plan.sources)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


NL = "courses/stoppen/nl/06-fantasieen"
EN = "courses/stoppen/en/06-fantasies"


def test_a_missing_module_is_named(broken):
    (broken / "courses/stoppen/en/09-triggers.md").unlink()
    (broken / "courses/stoppen/en/09-triggers.yaml").unlink()
    result = check(broken)
    assert result.exit_code == 1
    assert "content/courses/stoppen/en:1: module 9 is missing: add 09-<name>.md and .yaml" in result.output


def test_a_missing_translation_of_one_file_is_named(broken):
    (broken / f"{EN}.yaml").unlink()
    assert (
        "content/courses/stoppen/en/06-fantasies.md:1: 06-fantasies.yaml is missing" in check(broken).output
    )


def test_a_wrong_exercise_type_gets_a_suggestion(broken):
    path = broken / f"{NL}.yaml"
    replace(path, "type: checklist", "type: checklst")
    line = line_of(path, "type: checklst")
    expected = f"content/{NL}.yaml:{line}: exercise 2: \"type\" is text 'checklst'; expected one of"
    output = check(broken).output
    assert expected in output and '(did you mean "checklist"?)' in output


def test_an_exercise_without_a_prompt(broken):
    path = broken / f"{EN}.yaml"
    text = path.read_text()
    first_prompt = text.index("    prompt:")
    end = text.index("\n", first_prompt)
    path.write_text(text[:first_prompt] + text[end + 1 :])
    output = check(broken).output
    assert f'content/{EN}.yaml:2: exercise 1: "prompt" is missing: expected text' in output


def test_different_structure_across_languages_is_named_at_the_translation(broken):
    path = broken / f"{EN}.yaml"
    replace(path, "- id: ontsnappen", "- id: escape")
    line = line_of(path, "- id: soorten")
    output = check(broken).output
    assert f'content/{EN}.yaml:{line}: exercise 2 is "soorten" (checklist: toekomst, escape,' in output
    assert "in 06-fantasieen.yaml: ids, types, order" in output


def test_the_anatomy_is_checked(broken):
    path = broken / f"{NL}.yaml"
    replace(path, "type: scale", "type: reflection")
    replace(path, "    min_label:", "    hint:")
    replace(path, "    max_label:", "    # max_label:")
    output = check(broken).output
    assert f"content/{NL}.yaml:2: the first exercise should be a scale: the starting point" in output


def test_front_matter_is_complete_and_matches_the_file_name(broken):
    replace(broken / f"{NL}.md", "number: 6", "number: 7")
    replace(broken / f"{EN}.md", "minutes: 40\n", "")
    output = check(broken).output
    assert f"content/{NL}.md:2: number is 7, but the file name says 6" in output
    assert f'content/{EN}.md:2: "minutes" is missing: expected a whole number' in output


def test_a_link_to_a_module_that_does_not_exist(broken):
    path = broken / f"{NL}.md"
    text = path.read_text()
    path.write_text(text + "\nLees ook [module 18](module:18).\n")
    line = len(path.read_text().splitlines())
    assert f'content/{NL}.md:{line}: the link "module:18" leads nowhere' in check(broken).output


def test_duplicate_ids_and_bad_ids(broken):
    path = broken / f"{NL}.yaml"
    replace(path, "- id: ontsnappen", "- id: toekomst")
    replace(path, "- id: voor-het-kijken", "- id: Voor het kijken")
    output = check(broken).output
    assert 'the option id "toekomst" is used twice' in output
    assert 'exercise 3: the id "Voor het kijken" should be lowercase' in output


def test_the_stop_plan_items_with_sources_are_required(broken):
    replace(broken / "courses/stoppen/nl/17-een-goed-leven.yaml", "- id: mensen", "- id: steun")
    output = check(broken).output
    assert (
        'content/courses/stoppen/nl/17-een-goed-leven.yaml:1: the plan exercise "stopplan" has no item '
        '"mensen", but plan.yaml lists earlier answers for it' in output
    )


def test_the_plan_exercise_is_required(broken):
    replace(broken / "courses/stoppen/plan.yaml", "exercise: stopplan", "exercise: stop-plan")
    output = check(broken).output
    assert (
        'content/courses/stoppen/nl/17-een-goed-leven.yaml:1: module 17 needs a plan exercise "stop-plan"'
        in output
    )


def test_broken_yaml_and_a_too_short_text(broken):
    (broken / f"{EN}.yaml").write_text("exercises:\n  - id: [oops\n")
    nl = broken / f"{NL}.md"
    text = nl.read_text()
    nl.write_text(text[: text.index("## ", 10)] + "## Kort\n\nTe kort.\n")
    output = check(broken).output
    assert f'content/{EN}.yaml:2: a "]" is missing' in output
    assert f"content/{NL}.md:" in output and "a module needs at least about 700" in output
    assert "Traceback" not in output


def test_a_stray_file_name_and_a_number_out_of_range(broken):
    (broken / "courses/stoppen/nl/notities.md").write_text("---\ntitle: x\n---\n")
    shutil.copy(broken / f"{EN}.md", broken / "courses/stoppen/en/18-extra.md")
    shutil.copy(broken / f"{EN}.yaml", broken / "courses/stoppen/en/18-extra.yaml")
    output = check(broken).output
    assert 'content/courses/stoppen/nl/notities.md:1: the file name "notities" should be NN-name' in output
    assert (
        "content/courses/stoppen/en/18-extra.md:1: module numbers go from 1 to 17 (as in nl), not 18"
        in output
    )


def test_renaming_an_answer_the_stop_plan_draws_on_is_caught(broken):
    replace(broken / "courses/stoppen/nl/16-terugval-voorkomen.yaml", "- id: vroeg", "- id: vroege-signalen")
    replace(broken / "courses/stoppen/en/16-preventing-relapse.yaml", "- id: vroeg", "- id: vroege-signalen")
    output = check(broken).output
    assert "content/courses/stoppen/nl/16-terugval-voorkomen.yaml:1: the plan of module 17" in output
    assert 'takes its text from the plan item "waarschuwingssignalen" > "vroeg" here' in output
