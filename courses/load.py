"""Every course under content/courses/: one folder per course, read and checked.

A course folder holds course.yaml (its names, URL slugs, help block), one
folder of modules per language and optionally plan.yaml. Links written in the
texts are resolved by the web layer's resolvers, passed in: this package knows
no URLs. Every problem is added to the collector; nothing here raises.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from contentkit import Field, Problems, Schema, load_yaml_file
from contentkit.ids import ID, ID_RULE
from contentkit.markdown import LinkResolver, render
from courses import plan as plans
from courses.measures import load_measures
from courses.model import Catalogue, Course, Module
from courses.modules import (
    SOURCE_LANGUAGE,
    ExerciseFiles,
    check_same_structure,
    load_language,
    missing_numbers,
    module_numbers,
)
from courses.progress import ProgressCodes, course_character

FOLDER = "courses"
COURSE_FILE = "course.yaml"
COURSE_SCHEMA = Schema(
    Field("id", str),
    Field("programme", str),
    Field("slug", dict),
    Field("name", dict),
    Field("summary", dict),
    Field("plan_module", int, minimum=1),
    Field("help", dict, required=False),
    Field("face", dict, required=False),
    Field("original", bool, required=False),
    Field("measures", list, required=False),
)
PER_LANGUAGE = ("slug", "name", "summary", "help", "face")

# (language, the course's slug in that language, its module count) -> resolver for its texts
CourseLinks = Callable[[str, str, int], LinkResolver]


def load_courses(
    content_dir: Path,
    problems: Problems,
    languages: tuple[str, ...],
    programmes: tuple[str, ...],
    links: CourseLinks,
) -> Catalogue:
    root = content_dir / FOLDER
    if not root.is_dir():
        problems.add(root, 1, f"the {FOLDER} folder is missing: every course is a folder in it")
        return Catalogue()
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        course = load_course(folder, problems, languages, programmes, links)
        if course is not None:
            found.append(course)
    check_apart(found, root, problems)
    # The programme's own course (the original) first, the others by folder name.
    return Catalogue(tuple(sorted(found, key=lambda course: not course.original)))


def load_course(
    folder: Path,
    problems: Problems,
    languages: tuple[str, ...],
    programmes: tuple[str, ...],
    links: CourseLinks,
) -> Course | None:
    path = folder / COURSE_FILE
    if not path.exists():
        problems.add(
            path, 1, f"{COURSE_FILE} is missing: every course folder has one (docs/course-format.md)"
        )
        return None
    raw = load_yaml_file(path, problems)
    if raw is None or not COURSE_SCHEMA.check(raw, path, problems):
        return None
    ok = check_header(raw, folder, path, languages, programmes, problems)
    module_count = max(module_numbers(folder / SOURCE_LANGUAGE), default=0)
    if module_count == 0:
        problems.add(
            folder / SOURCE_LANGUAGE, 1, "this course has no modules yet: add 01-<name>.md and .yaml"
        )
        return None
    if raw["plan_module"] > module_count:
        problems.add(
            path,
            raw.line_of("plan_module"),
            f"plan_module is {raw['plan_module']}, but there are {module_count} modules",
        )
        ok = False
    if not ok:
        return None
    modules, files = load_modules(folder, raw, languages, module_count, links, problems)
    help_html = {}
    if "help" in raw:
        line = raw.line_of("help") + 1
        for lang in languages:
            resolver = links(lang, raw["slug"][lang], module_count)
            help_html[lang] = render(raw["help"][lang], resolver, path, line, problems)
    plan = plans.load_plan(folder, raw["plan_module"], languages, problems)
    plan = plans.resolve_exercise(plan, modules, SOURCE_LANGUAGE)
    plans.check(plan, folder, modules, files, SOURCE_LANGUAGE, problems)
    original = raw.get("original", False)
    measures = load_measures(raw, path, languages, problems)
    return Course(
        id=raw["id"],
        programme=raw["programme"],
        slug=dict(raw["slug"]),
        name=dict(raw["name"]),
        summary=dict(raw["summary"]),
        help_html=help_html,
        face_name=dict(raw.get("face", {})),
        module_count=module_count,
        plan=plan,
        codes=ProgressCodes(module_count, course_character(raw["id"], original)),
        modules=modules,
        original=original,
        measures=measures,
    )


def check_header(
    raw: Any,
    folder: Path,
    path: Path,
    languages: tuple[str, ...],
    programmes: tuple[str, ...],
    problems: Problems,
) -> bool:
    before = len(problems)
    if raw["id"] != folder.name:
        problems.add(
            path,
            raw.line_of("id"),
            f'the id is "{raw["id"]}", but the folder is "{folder.name}": make them the same',
        )
    elif not ID.match(raw["id"]):
        problems.add(path, raw.line_of("id"), f'the id "{raw["id"]}" should be {ID_RULE}')
    if raw["programme"] not in programmes:
        problems.add(
            path,
            raw.line_of("programme"),
            f'programme is "{raw["programme"]}"; expected one of {", ".join(programmes)}',
        )
    for key in PER_LANGUAGE:
        if key in raw:
            Schema(*(Field(lang, str) for lang in languages)).check(raw[key], path, problems, where=key)
    for lang, slug in raw["slug"].items():
        if isinstance(slug, str) and not ID.match(slug):
            problems.add(path, raw["slug"].line_of(lang), f'slug > {lang}: "{slug}" should be {ID_RULE}')
    return len(problems) == before


def load_modules(
    folder: Path,
    raw: Any,
    languages: tuple[str, ...],
    module_count: int,
    links: CourseLinks,
    problems: Problems,
) -> tuple[dict[tuple[str, int], Module], ExerciseFiles]:
    modules: dict[tuple[str, int], Module] = {}
    files: ExerciseFiles = {}
    for lang in languages:
        language_folder = folder / lang
        if not language_folder.is_dir():
            problems.add(
                language_folder, 1, f"the modules in {lang} are missing: add a folder {lang} with them"
            )
            continue
        resolver = links(lang, raw["slug"][lang], module_count)
        found = load_language(language_folder, raw["id"], lang, module_count, resolver, problems)
        for number, (module, yaml_path, exercises) in found.items():
            files[(lang, number)] = (yaml_path, exercises)
            if module is not None:
                modules[(lang, number)] = module
        for number in missing_numbers(found, module_count):
            problems.add(
                language_folder, 1, f"module {number} is missing: add {number:02d}-<name>.md and .yaml"
            )
    check_same_structure(modules, files, problems)
    return modules, files


def check_apart(courses: list[Course], root: Path, problems: Problems) -> None:
    """Courses never share a URL, and a progress code of one is never valid in another."""
    slugs: dict[str, str] = {}
    codes: dict[tuple[int, str], str] = {}
    originals = [c.id for c in courses if c.original]
    for course in courses:
        path = root / course.id / COURSE_FILE
        for slug in course.slug.values():
            other = slugs.setdefault(slug, course.id)
            if other != course.id:
                problems.add(
                    path, 1, f'the slug "{slug}" is also used by the course "{other}": choose another'
                )
        key = (course.codes.length, course.codes.course_character)
        other = codes.setdefault(key, course.id)
        if other != course.id:
            problems.add(
                path,
                1,
                f'progress codes of "{course.id}" and "{other}" would be valid in both courses: '
                "give one of them another id",
            )
    if len(originals) > 1:
        problems.add(root, 1, f"only one course can be the original one, not {', '.join(originals)}")
