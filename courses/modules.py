"""One course's modules per language: read from its folder, checked, typed.

Format: docs/course-format.md. Every problem is added to the collector with its
path and line; nothing here raises on broken content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from contentkit import Field, Problems, Schema, load_front_matter_file, load_yaml_file
from contentkit.ids import ID, ID_PATTERN, ID_RULE
from contentkit.markdown import LinkResolver, render
from contentkit.problems import did_you_mean
from contentkit.schema import check_unique, describe_value
from courses.model import Choice, Exercise, Module

SOURCE_LANGUAGE = "nl"
FILE_NAME = re.compile(rf"^(\d{{2}})-({ID_PATTERN})$")
MIN_WORDS = 600  # "at least about 700 words in Dutch": a little room for "about"
MIN_EXERCISES, MAX_EXERCISES = 3, 6
MAX_MODULES = 99  # two digits in the file name

EXERCISES_FILE = Schema(Field("exercises", list))
_COMMON = (Field("id", str), Field("type", str), Field("prompt", str), Field("hint", str, required=False))
EXERCISE_SCHEMAS = {
    "scale": Schema(*_COMMON, Field("min_label", str), Field("max_label", str)),
    "checklist": Schema(*_COMMON, Field("options", list)),
    "reflection": Schema(*_COMMON),
    "plan": Schema(*_COMMON, Field("items", list)),
}
CHOICE_KEY = {"checklist": "options", "plan": "items"}
CHOICE = Schema(Field("id", str), Field("label", str))

# (language, module number) -> (the exercises file, its raw YAML): for checks that point at a file.
ExerciseFiles = dict[tuple[str, int], tuple[Path, Any]]


def module_numbers(folder: Path) -> set[int]:
    """The module numbers the file names in a language folder claim."""
    if not folder.is_dir():
        return set()
    found = (FILE_NAME.match(p.stem) for p in folder.iterdir() if p.suffix in (".md", ".yaml"))
    return {int(m.group(1)) for m in found if m and 1 <= int(m.group(1)) <= MAX_MODULES}


def front_matter_schema(module_count: int) -> Schema:
    return Schema(
        Field("number", int, minimum=1, maximum=module_count),
        Field("title", str),
        Field("summary", str),
        Field("goals", list, items=str),
        Field("minutes", int, minimum=1, maximum=240),
    )


def load_language(
    folder: Path, course_id: str, lang: str, module_count: int, links: LinkResolver, problems: Problems
) -> dict[int, tuple[Module | None, Path, Any]]:
    found: dict[int, tuple[Module | None, Path, Any]] = {}
    stems = {p.stem for p in folder.iterdir() if p.suffix in (".md", ".yaml")}
    for stem in sorted(stems):
        md, yaml_path = folder / f"{stem}.md", folder / f"{stem}.yaml"
        match = FILE_NAME.match(stem)
        if not match:
            problems.add(md if md.exists() else yaml_path, 1, f'the file name "{stem}" should be NN-name')
            continue
        for path, other in ((md, yaml_path), (yaml_path, md)):
            if path.exists() and not other.exists():
                problems.add(path, 1, f"{other.name} is missing: every module has a .md and a .yaml file")
        if not (md.exists() and yaml_path.exists()):
            continue
        number = int(match.group(1))
        if number in found:
            problems.add(
                md, 1, f"there are two files for module {number} (the other is {found[number][1].stem})"
            )
            continue
        if not 1 <= number <= module_count:
            problems.add(
                md, 1, f"module numbers go from 1 to {module_count} (as in {SOURCE_LANGUAGE}), not {number}"
            )
            continue
        module, raw = load_module(md, yaml_path, (course_id, number, lang, module_count), links, problems)
        found[number] = (module, yaml_path, raw)
    return found


def load_module(
    md: Path, yaml_path: Path, where: tuple[str, int, str, int], links: LinkResolver, problems: Problems
) -> tuple[Module | None, Any]:
    course_id, number, lang, module_count = where
    raw = load_yaml_file(yaml_path, problems)
    exercises = load_exercises(raw, yaml_path, problems)
    document = load_front_matter_file(md, problems)
    if document is None or not front_matter_schema(module_count).check(document.meta, md, problems):
        return None, raw
    meta = document.meta
    if meta["number"] != number:
        problems.add(
            md, meta.line_of("number"), f"number is {meta['number']}, but the file name says {number}"
        )
    check_body(md, document.body, document.body_line, lang, problems)
    html = render(document.body, links, md, document.body_line, problems)
    if exercises is None:
        return None, raw
    goals = tuple(meta["goals"])
    module = Module(
        course_id, number, lang, meta["title"], meta["summary"], goals, meta["minutes"], html, exercises
    )
    return module, raw


def check_body(path: Path, body: str, first_line: int, lang: str, problems: Problems) -> None:
    fenced = False
    for offset, line in enumerate(body.splitlines()):
        fenced = fenced != line.lstrip().startswith("```")
        if not fenced and re.match(r"^#\s", line):
            problems.add(path, first_line + offset, "start headings at ##: the title is shown above the text")
    words = len(body.split())
    if lang == SOURCE_LANGUAGE and words < MIN_WORDS:
        problems.add(path, first_line, f"the text has {words} words; a module needs at least about 700")


def load_exercises(raw: Any, path: Path, problems: Problems) -> tuple[Exercise, ...] | None:
    if raw is None or not EXERCISES_FILE.check(raw, path, problems):
        return None
    before = len(problems)
    items = raw["exercises"]
    exercises = [
        e for i, data in enumerate(items) if (e := load_exercise(data, i, items.line_of(i), path, problems))
    ]
    check_unique(
        ((e.get("id"), e.line) for e in items if isinstance(e, dict) and isinstance(e.get("id"), str)),
        path,
        problems,
        "the exercise id",
    )
    line = raw.line_of("exercises")
    if not MIN_EXERCISES <= len(items) <= MAX_EXERCISES:
        problems.add(
            path, line, f"a module has {MIN_EXERCISES} to {MAX_EXERCISES} exercises, not {len(items)}"
        )
    if len(exercises) == len(items) and exercises:
        if exercises[0].type != "scale":
            problems.add(path, items[0].line, "the first exercise should be a scale: the starting point")
        if exercises[-1].type != "reflection":
            problems.add(path, items[-1].line, "the last exercise should be a reflection")
        if not any(e.type == "plan" for e in exercises):
            problems.add(path, line, "a module needs at least one plan exercise (it feeds the course's plan)")
    return tuple(exercises) if len(problems) == before else None


def load_exercise(data: Any, index: int, line: int, path: Path, problems: Problems) -> Exercise | None:
    where = f"exercise {index + 1}"
    if not isinstance(data, dict):
        problems.add(
            path, line, f"{where}: expected a mapping (id, type, prompt ...), got {describe_value(data)}"
        )
        return None
    kind = data.get("type")
    if kind not in EXERCISE_SCHEMAS:
        choices = ", ".join(f'"{t}"' for t in EXERCISE_SCHEMAS)
        problems.add(
            path,
            data.line_of("type"),
            f'{where}: "type" is {describe_value(kind)}; expected one of {choices}'
            + did_you_mean(kind, EXERCISE_SCHEMAS),
        )
        return None
    if not EXERCISE_SCHEMAS[kind].check(data, path, problems, where=where):
        return None
    if not ID.match(data["id"]):
        problems.add(path, data.line_of("id"), f'{where}: the id "{data["id"]}" should be {ID_RULE}')
        return None
    choices = load_choices(data, kind, f"{where} ({data['id']})", path, problems)
    if choices is None:
        return None
    return Exercise(
        data["id"],
        kind,
        data["prompt"],
        data.get("hint"),
        data.get("min_label"),
        data.get("max_label"),
        choices,
    )


def load_choices(
    data: Any, kind: str, where: str, path: Path, problems: Problems
) -> tuple[Choice, ...] | None:
    key = CHOICE_KEY.get(kind)
    if key is None:
        return ()
    before = len(problems)
    choices = []
    for index, item in enumerate(data[key]):
        if CHOICE.check(item, path, problems, where=f"{where}, {key[:-1]} {index + 1}"):
            if ID.match(item["id"]):
                choices.append(Choice(item["id"], item["label"]))
            else:
                problems.add(path, item.line_of("id"), f'{where}: the id "{item["id"]}" should be {ID_RULE}')
    ids = ((i["id"], i.line) for i in data[key] if isinstance(i, dict) and isinstance(i.get("id"), str))
    check_unique(ids, path, problems, f"{where}: the {key[:-1]} id")
    if len(data[key]) < 2 and kind == "checklist":
        problems.add(path, data.line_of(key), f"{where}: a checklist needs at least two options")
    return tuple(choices) if len(problems) == before else None


def check_same_structure(
    modules: dict[tuple[str, int], Module], files: ExerciseFiles, problems: Problems
) -> None:
    """Ids, types, order, option and item ids are the same in every language; only texts differ."""
    for (lang, number), module in modules.items():
        source = modules.get((SOURCE_LANGUAGE, number))
        if lang == SOURCE_LANGUAGE or source is None:
            continue
        path, raw = files[(lang, number)]
        source_path = files[(SOURCE_LANGUAGE, number)][0]
        ours, theirs = [e.shape() for e in module.exercises], [e.shape() for e in source.exercises]
        for index in range(max(len(ours), len(theirs))):
            if index < len(ours) and index < len(theirs) and ours[index] == theirs[index]:
                continue
            line = raw["exercises"].line_of(index) if index < len(ours) else raw.line_of("exercises")
            here = describe_shape(ours[index]) if index < len(ours) else "missing"
            there = describe_shape(theirs[index]) if index < len(theirs) else "missing"
            problems.add(
                path,
                line,
                f"exercise {index + 1} is {here} here but {there} in {source_path.name}: "
                "ids, types, order, options and items must be the same in every language",
            )
            break


def describe_shape(shape: tuple[str, str, tuple[str, ...]]) -> str:
    exercise_id, kind, choices = shape
    return f'"{exercise_id}" ({kind}' + (f": {', '.join(choices)})" if choices else ")")


def missing_numbers(found: Iterable[int], module_count: int) -> list[int]:
    return [n for n in range(1, module_count + 1) if n not in set(found)]
